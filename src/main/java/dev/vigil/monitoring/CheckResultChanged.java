package dev.vigil.monitoring;

import dev.vigil.workspace.WorkspaceId;
import java.time.Instant;
import java.util.UUID;

/**
 * A (check, resource) changed state: a drift event. Published after the change is stored, through the
 * transactional outbox, so alerting sees every one even across a crash.
 *
 * @param previousStatus the state before, or {@code null} for the first evaluation
 * @param cause what triggered the evaluation: the trigger of the collection run ({@code schedule}, {@code
 *     manual}, {@code startup}, {@code created}, {@code updated})
 */
public record CheckResultChanged(
        UUID driftEventId,
        WorkspaceId workspaceId,
        String checkId,
        UUID resourceId,
        CheckStatus previousStatus,
        CheckStatus status,
        String reason,
        String cause,
        Instant occurredAt) {}
