package dev.vigil.monitoring;

import java.time.Instant;
import java.util.UUID;

/** A recorded transition of a (check, resource). */
public record DriftEvent(
        UUID id,
        String checkId,
        UUID resourceId,
        CheckStatus previousStatus,
        CheckStatus status,
        String reason,
        String cause,
        Instant occurredAt) {}
