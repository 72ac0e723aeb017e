package dev.vigil.web.ui;

import dev.vigil.connector.ConnectorDescriptor;
import dev.vigil.integration.Integration;
import dev.vigil.integration.IntegrationRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.util.MultiValueMap;

/**
 * What the integration form shows and sends. The connector's settings are rendered from its config schema by
 * {@link ConfigFields}, shared with the alert channel form.
 *
 * @param id {@code null} while creating
 * @param values the text each field shows, by setting name (never a secret's value)
 * @param secretsSet secret settings that already have a stored value
 * @param errors messages by field: {@code name}, {@code intervalMinutes}, {@code enabled}, {@code config.<name>}
 */
public record IntegrationForm(
        ConnectorDescriptor connector,
        UUID id,
        String name,
        String intervalMinutes,
        boolean enabled,
        Map<String, String> values,
        Set<String> secretsSet,
        Map<String, String> errors) {

    public boolean isEdit() {
        return id != null;
    }

    /** The connector's settings, for the shared fragment. */
    public ConfigFields settings() {
        return new ConfigFields(
                connector.configSchema(), "connector." + connector.id() + ".", values, secretsSet, errors, isEdit());
    }

    public String value(String setting) {
        return settings().value(setting);
    }

    public boolean checked(String setting) {
        return settings().checked(setting);
    }

    public boolean hasError(String field) {
        return errors.containsKey(field);
    }

    public String error(String field) {
        return errors.getOrDefault(field, "");
    }

    /** Errors on fields the form does not show (for example {@code connector}), listed above the form. */
    public Map<String, String> otherErrors() {
        ConfigFields settings = settings();
        Map<String, String> other = new LinkedHashMap<>();
        errors.forEach((field, message) -> {
            if (!field.equals("name") && !field.equals("intervalMinutes") && !settings.shows(field)) {
                other.put(field, message);
            }
        });
        return other;
    }

    /** An empty form for a new integration: schema defaults filled in, enabled, every 15 minutes. */
    static IntegrationForm blank(ConnectorDescriptor connector) {
        return new IntegrationForm(
                connector,
                null,
                "",
                String.valueOf(IntegrationRequest.DEFAULT_INTERVAL_MINUTES),
                true,
                ConfigFields.defaults(connector.configSchema()),
                Set.of(),
                Map.of());
    }

    /** The form of an existing integration, with its current (non-secret) settings. */
    static IntegrationForm of(ConnectorDescriptor connector, Integration integration) {
        return new IntegrationForm(
                connector,
                integration.id(),
                integration.name(),
                String.valueOf(integration.intervalMinutes()),
                integration.enabled(),
                ConfigFields.stored(integration.config()),
                integration.secretsSet(),
                Map.of());
    }

    /** What the browser sent, to show again next to the errors (secrets are not echoed). */
    static IntegrationForm submitted(
            ConnectorDescriptor connector, UUID id, MultiValueMap<String, String> params, Set<String> secretsSet) {
        return new IntegrationForm(
                connector,
                id,
                text(params.getFirst("name")),
                text(params.getFirst("intervalMinutes")),
                "true".equals(params.getFirst("enabled")),
                ConfigFields.submitted(connector.configSchema(), params),
                secretsSet,
                Map.of());
    }

    IntegrationForm withErrors(Map<String, String> errors) {
        return new IntegrationForm(
                connector, id, name, intervalMinutes, enabled, values, secretsSet, Map.copyOf(errors));
    }

    /** The settings to send to the facade; see {@link ConfigFields#config}. */
    static Map<String, Object> config(ConnectorDescriptor connector, MultiValueMap<String, String> params) {
        return ConfigFields.config(connector.configSchema(), params);
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
