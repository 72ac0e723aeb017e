package dev.vigil.catalog;

import java.time.Period;
import java.util.List;
import java.util.Locale;

/**
 * Recurring manual evidence: a document someone must provide again every period (the annual penetration test
 * report, the quarterly access review), proving the controls it names.
 *
 * @param ownerRole the role responsible for providing it ({@code owner} or {@code admin})
 * @param controlIds the controls this evidence proves
 */
public record EvidenceTaskDefinition(
        String id,
        String title,
        String description,
        Recurrence recurrence,
        String ownerRole,
        List<String> controlIds,
        ContentLocation source) {

    public EvidenceTaskDefinition {
        controlIds = List.copyOf(controlIds);
    }

    /** How often the evidence must be renewed; an upload is current for one period from its effective date. */
    public enum Recurrence {
        MONTHLY(Period.ofMonths(1)),
        QUARTERLY(Period.ofMonths(3)),
        SEMIANNUALLY(Period.ofMonths(6)),
        ANNUALLY(Period.ofYears(1));

        private final Period period;

        Recurrence(Period period) {
            this.period = period;
        }

        public Period period() {
            return period;
        }

        static Recurrence parse(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}
