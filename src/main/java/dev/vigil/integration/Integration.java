package dev.vigil.integration;

import dev.vigil.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A connector configured in a workspace.
 *
 * @param config settings without secret values (secrets are never handed out)
 * @param secretsSet names of secret settings that have a stored value
 */
public record Integration(
        UUID id,
        WorkspaceId workspaceId,
        String connector,
        String name,
        Map<String, Object> config,
        java.util.Set<String> secretsSet,
        int intervalMinutes,
        boolean enabled,
        int timeoutSeconds,
        Instant createdAt,
        String createdBy,
        Instant updatedAt,
        String updatedBy) {}
