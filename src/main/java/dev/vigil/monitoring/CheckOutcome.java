package dev.vigil.monitoring;

import java.util.Objects;

/**
 * The result of evaluating one check on one resource.
 *
 * @param reason human-readable, names the observed value ("PermitRootLogin is yes; expected no.")
 * @param observed the observed value as shown to users, or {@code null} when nothing was observed
 */
public record CheckOutcome(CheckStatus status, String reason, String observed) {

    public CheckOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }

    public static CheckOutcome pass(String reason, String observed) {
        return new CheckOutcome(CheckStatus.PASS, reason, observed);
    }

    public static CheckOutcome fail(String reason, String observed) {
        return new CheckOutcome(CheckStatus.FAIL, reason, observed);
    }

    public static CheckOutcome error(String reason) {
        return new CheckOutcome(CheckStatus.ERROR, reason, null);
    }

    public static CheckOutcome notApplicable(String reason) {
        return new CheckOutcome(CheckStatus.NOT_APPLICABLE, reason, null);
    }
}
