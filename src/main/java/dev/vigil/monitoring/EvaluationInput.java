package dev.vigil.monitoring;

import dev.vigil.inventory.ResourceRecord;
import java.util.UUID;

/**
 * One resource to evaluate after a collection run.
 *
 * @param evidenceId the latest observation of the resource, linked from its results
 * @param changed whether its content changed in this run; unchanged resources are only re-evaluated for checks
 *     that are new or whose definition changed
 */
public record EvaluationInput(ResourceRecord resource, UUID evidenceId, boolean changed) {}
