package dev.vigil.posture;

import dev.vigil.catalog.Control;
import java.util.List;

/**
 * A control's state.
 *
 * @param state FAILING when a check fails, ERROR when a check could not be evaluated (not passing either),
 *     PASSING when the rest pass, NEEDS_EVIDENCE when there are no automated results
 */
public record ControlStatus(Control control, State state, List<CheckRollup> checks) {

    /** Control states. */
    public enum State {
        PASSING,
        FAILING,
        ERROR,
        NEEDS_EVIDENCE
    }
}
