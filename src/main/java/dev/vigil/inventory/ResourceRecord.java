package dev.vigil.inventory;

import dev.vigil.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The current snapshot of one resource.
 *
 * @param attributes the normalized attribute document checks read
 * @param unknown attributes the connector could not determine, with the reason
 * @param goneAt when the resource stopped being reported, or {@code null} while it is present
 */
public record ResourceRecord(
        UUID id,
        WorkspaceId workspaceId,
        UUID integrationId,
        String type,
        String externalId,
        String name,
        Map<String, Object> attributes,
        Map<String, String> unknown,
        String contentHash,
        Instant firstSeenAt,
        Instant lastSeenAt,
        Instant changedAt,
        Instant goneAt) {}
