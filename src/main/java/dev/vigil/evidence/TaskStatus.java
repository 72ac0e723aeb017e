package dev.vigil.evidence;

import dev.vigil.catalog.EvidenceTaskDefinition;
import java.time.LocalDate;

/**
 * Where an evidence task stands in a workspace.
 *
 * @param latest the upload with the newest effective date, or {@code null} if nothing was provided yet
 * @param dueDate when new evidence is due: one period after the latest effective date, or today when there is
 *     none
 */
public record TaskStatus(EvidenceTaskDefinition task, State state, EvidenceUpload latest, LocalDate dueDate) {

    /** Task states. */
    public enum State {
        /** Evidence whose period has not ended. */
        CURRENT,
        /** The latest evidence's period has ended: the controls it proves fail until new evidence arrives. */
        OVERDUE,
        /** Nothing was ever provided. */
        MISSING
    }

    /** The rule: current for one period from the effective date, overdue from the day the period ends. */
    public static TaskStatus of(EvidenceTaskDefinition task, EvidenceUpload latest, LocalDate today) {
        if (latest == null) {
            return new TaskStatus(task, State.MISSING, null, today);
        }
        LocalDate due = latest.effectiveDate().plus(task.recurrence().period());
        return new TaskStatus(task, today.isBefore(due) ? State.CURRENT : State.OVERDUE, latest, due);
    }
}
