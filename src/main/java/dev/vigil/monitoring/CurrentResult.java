package dev.vigil.monitoring;

import java.time.Instant;
import java.util.UUID;

/** The current state of a (check, resource), with enough of the resource to show and link it. */
public record CurrentResult(
        UUID id,
        String checkId,
        UUID resourceId,
        String resourceType,
        String resourceExternalId,
        String resourceName,
        UUID integrationId,
        CheckStatus status,
        String reason,
        String observed,
        UUID evidenceId,
        Instant since,
        Instant lastEvaluatedAt) {}
