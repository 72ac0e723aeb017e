package dev.vigil.integration;

import java.util.Map;

/**
 * What a user asks for when creating or changing an integration.
 *
 * @param config settings including secrets; on update, an absent secret keeps its stored value
 * @param intervalMinutes minutes between scheduled runs, at least 1; {@code null} means the default 15
 * @param enabled {@code null} means enabled
 */
public record IntegrationRequest(
        String connector, String name, Map<String, Object> config, Integer intervalMinutes, Boolean enabled) {

    public static final int DEFAULT_INTERVAL_MINUTES = 15;
}
