package dev.vigil.web.ui;

import dev.vigil.connector.ConfigProperty;
import dev.vigil.connector.ConnectorDescriptor;
import dev.vigil.integration.Integration;
import dev.vigil.integration.IntegrationRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.util.MultiValueMap;

/**
 * What the integration form shows and sends, rendered from the connector's config schema. Settings travel as
 * {@code config.<name>} fields, the same keys the facade uses for their errors. Secret settings are never sent
 * back to the browser: on edit an empty secret field keeps the stored value.
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

    static final String CONFIG_PREFIX = "config.";

    public boolean isEdit() {
        return id != null;
    }

    public String value(String setting) {
        return values.getOrDefault(setting, "");
    }

    public boolean checked(String setting) {
        return "true".equals(values.get(setting));
    }

    public boolean hasError(String field) {
        return errors.containsKey(field);
    }

    public String error(String field) {
        return errors.getOrDefault(field, "");
    }

    /** Errors on fields the form does not show (for example {@code connector}), listed above the form. */
    public Map<String, String> otherErrors() {
        Map<String, String> other = new LinkedHashMap<>();
        errors.forEach((field, message) -> {
            boolean shown = field.equals("name")
                    || field.equals("intervalMinutes")
                    || (field.startsWith(CONFIG_PREFIX)
                            && connector
                                    .configSchema()
                                    .property(field.substring(CONFIG_PREFIX.length()))
                                    .isPresent());
            if (!shown) {
                other.put(field, message);
            }
        });
        return other;
    }

    /** An empty form for a new integration: schema defaults filled in, enabled, every 15 minutes. */
    static IntegrationForm blank(ConnectorDescriptor connector) {
        Map<String, String> values = new LinkedHashMap<>();
        for (ConfigProperty property : connector.configSchema().properties()) {
            if (!property.secret() && property.defaultValue() != null) {
                values.put(property.name(), String.valueOf(property.defaultValue()));
            }
        }
        return new IntegrationForm(
                connector,
                null,
                "",
                String.valueOf(IntegrationRequest.DEFAULT_INTERVAL_MINUTES),
                true,
                values,
                Set.of(),
                Map.of());
    }

    /** The form of an existing integration, with its current (non-secret) settings. */
    static IntegrationForm of(ConnectorDescriptor connector, Integration integration) {
        Map<String, String> values = new LinkedHashMap<>();
        integration.config().forEach((key, value) -> values.put(key, value == null ? "" : String.valueOf(value)));
        return new IntegrationForm(
                connector,
                integration.id(),
                integration.name(),
                String.valueOf(integration.intervalMinutes()),
                integration.enabled(),
                values,
                integration.secretsSet(),
                Map.of());
    }

    /** What the browser sent, to show again next to the errors (secrets are not echoed). */
    static IntegrationForm submitted(
            ConnectorDescriptor connector, UUID id, MultiValueMap<String, String> params, Set<String> secretsSet) {
        Map<String, String> values = new LinkedHashMap<>();
        for (ConfigProperty property : connector.configSchema().properties()) {
            if (property.secret()) {
                continue;
            }
            String raw = params.getFirst(CONFIG_PREFIX + property.name());
            values.put(
                    property.name(),
                    property.type() == ConfigProperty.Type.BOOLEAN
                            ? String.valueOf("true".equals(raw))
                            : raw == null ? "" : raw);
        }
        return new IntegrationForm(
                connector,
                id,
                text(params.getFirst("name")),
                text(params.getFirst("intervalMinutes")),
                "true".equals(params.getFirst("enabled")),
                values,
                secretsSet,
                Map.of());
    }

    IntegrationForm withErrors(Map<String, String> errors) {
        return new IntegrationForm(
                connector, id, name, intervalMinutes, enabled, values, secretsSet, Map.copyOf(errors));
    }

    /**
     * The settings to send to the facade. A blank secret is left out (kept on edit, "is required" on create);
     * an unticked checkbox sends nothing, which means false.
     */
    static Map<String, Object> config(ConnectorDescriptor connector, MultiValueMap<String, String> params) {
        Map<String, Object> config = new LinkedHashMap<>();
        for (ConfigProperty property : connector.configSchema().properties()) {
            String raw = params.getFirst(CONFIG_PREFIX + property.name());
            if (property.type() == ConfigProperty.Type.BOOLEAN) {
                config.put(property.name(), "true".equals(raw));
            } else if (property.secret()) {
                if (raw != null && !raw.isBlank()) {
                    config.put(property.name(), raw);
                }
            } else if (raw != null) {
                config.put(property.name(), raw);
            }
        }
        return config;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
