package dev.vigil.monitoring;

import java.time.Instant;
import java.util.UUID;

/**
 * The state of one (check, resource) over an interval.
 *
 * @param since when this state began
 * @param until when it ended, or {@code null} for the current state
 * @param evidenceId the observation the latest evaluation was based on
 */
public record CheckResult(
        UUID id,
        String checkId,
        UUID resourceId,
        CheckStatus status,
        String reason,
        String observed,
        UUID evidenceId,
        Instant since,
        Instant until,
        Instant lastEvaluatedAt) {}
