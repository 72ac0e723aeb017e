package dev.vigil.posture;

import dev.vigil.catalog.Control;
import dev.vigil.evidence.TaskStatus;
import java.util.List;

/**
 * A control's state.
 *
 * @param state FAILING when a check fails or an evidence task is overdue, ERROR when a check could not be
 *     evaluated (not passing either), NEEDS_EVIDENCE when an evidence task was never provided or nothing has
 *     produced a result yet, PASSING otherwise
 * @param evidenceTasks the recurring manual evidence that proves the control alongside its checks
 */
public record ControlStatus(Control control, State state, List<CheckRollup> checks, List<TaskStatus> evidenceTasks) {

    public ControlStatus {
        checks = List.copyOf(checks);
        evidenceTasks = List.copyOf(evidenceTasks);
    }

    /** Control states. */
    public enum State {
        PASSING,
        FAILING,
        ERROR,
        NEEDS_EVIDENCE
    }
}
