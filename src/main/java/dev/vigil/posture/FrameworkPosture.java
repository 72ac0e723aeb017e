package dev.vigil.posture;

import dev.vigil.catalog.Framework;
import java.util.List;

/**
 * A framework's readiness.
 *
 * @param readiness ready / total, from 0 to 1
 * @param total requirements that count: neither marked not applicable by the content nor in a category the
 *     workspace left out of scope
 */
public record FrameworkPosture(
        Framework framework,
        Scope scope,
        double readiness,
        int total,
        int ready,
        int failing,
        int needsEvidence,
        List<RequirementStatus> requirements) {}
