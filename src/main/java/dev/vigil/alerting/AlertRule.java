package dev.vigil.alerting;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Sends the alerts its CEL {@code condition} matches to {@code channelIds}, at once or gathered in a digest.
 * Critical alerts are always sent at once.
 *
 * @param delivery {@code immediate}, {@code hourly} or {@code daily}
 */
public record AlertRule(
        UUID id,
        String name,
        String condition,
        List<UUID> channelIds,
        String delivery,
        boolean enabled,
        Instant createdAt,
        String createdBy,
        Instant updatedAt,
        String updatedBy) {}
