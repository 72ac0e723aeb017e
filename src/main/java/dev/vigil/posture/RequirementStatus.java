package dev.vigil.posture;

import dev.vigil.catalog.Requirement;
import java.util.List;

/**
 * A requirement's state: READY when every mapped control passes; FAILING when one fails or errs;
 * NEEDS_EVIDENCE when no control covers it or a covering control has no automated results yet;
 * NOT_APPLICABLE when the content marks it out of scope with a reason; OUT_OF_SCOPE when the workspace left its
 * category out (for example SOC 2 privacy). Neither counts towards readiness.
 */
public record RequirementStatus(Requirement requirement, State state, List<ControlStatus> controls) {

    /** Requirement states. */
    public enum State {
        READY,
        FAILING,
        NEEDS_EVIDENCE,
        NOT_APPLICABLE,
        OUT_OF_SCOPE
    }
}
