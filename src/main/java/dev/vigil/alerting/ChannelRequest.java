package dev.vigil.alerting;

import java.util.Map;

/**
 * What a person asks for when creating or changing a channel. On update, a secret setting left out keeps its
 * stored value.
 */
public record ChannelRequest(String type, String name, Map<String, Object> config, Boolean enabled) {}
