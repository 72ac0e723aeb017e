package dev.vigil.alerting;

import java.util.List;
import java.util.UUID;

/** What a person asks for when creating or replacing an alert rule. */
public record RuleRequest(String name, String condition, List<UUID> channelIds, String delivery, Boolean enabled) {}
