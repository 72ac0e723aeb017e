package dev.vigil.alerting;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A configured destination for alerts.
 *
 * @param config the settings without secrets; {@code secretsSet} names the secret settings that have a value
 */
public record AlertChannel(
        UUID id,
        ChannelType type,
        String name,
        Map<String, Object> config,
        Set<String> secretsSet,
        boolean enabled,
        Instant createdAt,
        String createdBy,
        Instant updatedAt,
        String updatedBy) {}
