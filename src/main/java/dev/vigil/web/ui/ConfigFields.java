package dev.vigil.web.ui;

import dev.vigil.connector.ConfigProperty;
import dev.vigil.connector.ConfigSchema;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.util.MultiValueMap;

/**
 * The settings part of a form rendered from a {@link ConfigSchema}: integrations (from the connector's schema) and
 * alert channels (from the channel type's) share it, with the template fragment {@code fragments/config ::
 * fields}. Settings travel as {@code config.<name>} fields, the same keys the facades use for their errors. Secret
 * settings are never sent back to the browser: on edit an empty secret field keeps the stored value.
 *
 * @param messagePrefix where translated labels and help texts live ({@code <prefix><name>.label}, {@code
 *     .description}); the schema's own English text is the fallback
 * @param values the text each field shows, by setting name (never a secret's value)
 * @param secretsSet secret settings that already have a stored value
 * @param errors messages by field; the settings' own are under {@code config.<name>}
 * @param edit whether an existing thing is edited (so a secret may be left empty)
 */
public record ConfigFields(
        ConfigSchema schema,
        String messagePrefix,
        Map<String, String> values,
        Set<String> secretsSet,
        Map<String, String> errors,
        boolean edit) {

    static final String PREFIX = "config.";

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

    /** Whether an error key names a field of this schema ({@code config.<name>}), shown next to it. */
    boolean shows(String field) {
        return field.startsWith(PREFIX)
                && schema.property(field.substring(PREFIX.length())).isPresent();
    }

    /** What a new form shows: the schema's defaults (secrets have none). */
    static Map<String, String> defaults(ConfigSchema schema) {
        Map<String, String> values = new LinkedHashMap<>();
        for (ConfigProperty property : schema.properties()) {
            if (!property.secret() && property.defaultValue() != null) {
                values.put(property.name(), String.valueOf(property.defaultValue()));
            }
        }
        return values;
    }

    /** What an edit form shows: the stored settings, which never include secrets. */
    static Map<String, String> stored(Map<String, Object> config) {
        Map<String, String> values = new LinkedHashMap<>();
        config.forEach((key, value) -> values.put(key, value == null ? "" : String.valueOf(value)));
        return values;
    }

    /** What the browser sent, to show again next to the errors (secrets are not echoed). */
    static Map<String, String> submitted(ConfigSchema schema, MultiValueMap<String, String> params) {
        Map<String, String> values = new LinkedHashMap<>();
        for (ConfigProperty property : schema.properties()) {
            if (property.secret()) {
                continue;
            }
            String raw = params.getFirst(PREFIX + property.name());
            values.put(
                    property.name(),
                    property.type() == ConfigProperty.Type.BOOLEAN
                            ? String.valueOf("true".equals(raw))
                            : raw == null ? "" : raw);
        }
        return values;
    }

    /**
     * The settings to send to a facade. A blank secret is left out (kept on edit, "is required" on create); an
     * unticked checkbox sends nothing, which means false.
     */
    static Map<String, Object> config(ConfigSchema schema, MultiValueMap<String, String> params) {
        Map<String, Object> config = new LinkedHashMap<>();
        for (ConfigProperty property : schema.properties()) {
            String raw = params.getFirst(PREFIX + property.name());
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
}
