package dev.vigil.posture;

import dev.vigil.catalog.CheckDefinition;
import dev.vigil.monitoring.CheckStatus;
import java.util.Map;

/**
 * A check across all resources of its type: how many pass, fail, err or do not apply.
 *
 * @param state FAILING if any resource fails, else ERROR if any errs, else PASSING if any passes, else
 *     NOT_APPLICABLE if all results say so, else NO_DATA
 */
public record CheckRollup(CheckDefinition check, State state, Map<CheckStatus, Integer> counts) {

    public int count(CheckStatus status) {
        return counts.getOrDefault(status, 0);
    }

    /** Roll-up states. */
    public enum State {
        FAILING,
        ERROR,
        PASSING,
        NOT_APPLICABLE,
        NO_DATA
    }

    static State stateOf(Map<CheckStatus, Integer> counts) {
        if (counts.getOrDefault(CheckStatus.FAIL, 0) > 0) {
            return State.FAILING;
        }
        if (counts.getOrDefault(CheckStatus.ERROR, 0) > 0) {
            return State.ERROR;
        }
        if (counts.getOrDefault(CheckStatus.PASS, 0) > 0) {
            return State.PASSING;
        }
        if (counts.getOrDefault(CheckStatus.NOT_APPLICABLE, 0) > 0) {
            return State.NOT_APPLICABLE;
        }
        return State.NO_DATA;
    }
}
