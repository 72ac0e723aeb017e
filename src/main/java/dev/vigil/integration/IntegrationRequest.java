package dev.vigil.integration;

import java.util.Map;

/**
 * What a user asks for when creating or changing an integration.
 *
 * @param config settings including secrets; on update, an absent secret keeps its stored value
 * @param intervalMinutes minutes between scheduled runs, at least 1; {@code null} means the default 15
 * @param enabled {@code null} means enabled
 * @param timeoutSeconds how long one run may take (5 to 3600) before it is stopped and fails; {@code null} keeps the
 *     stored value, or 300 for a new integration
 */
public record IntegrationRequest(
        String connector,
        String name,
        Map<String, Object> config,
        Integer intervalMinutes,
        Boolean enabled,
        Integer timeoutSeconds) {

    public static final int DEFAULT_INTERVAL_MINUTES = 15;

    /** Default for {@code timeoutSeconds}: how long one run may take before it is stopped. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 300;

    public IntegrationRequest(
            String connector, String name, Map<String, Object> config, Integer intervalMinutes, Boolean enabled) {
        this(connector, name, config, intervalMinutes, enabled, null);
    }
}
