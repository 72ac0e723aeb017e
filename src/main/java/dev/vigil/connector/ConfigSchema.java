package dev.vigil.connector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings an integration of a connector takes. Properties marked {@link ConfigProperty#secret() secret}
 * are encrypted at rest and never returned by the API or written to logs.
 */
public record ConfigSchema(List<ConfigProperty> properties) {

    public ConfigSchema {
        properties = List.copyOf(properties);
    }

    public static ConfigSchema of(ConfigProperty... properties) {
        return new ConfigSchema(List.of(properties));
    }

    public Optional<ConfigProperty> property(String name) {
        return properties.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * Checks raw settings against this schema and returns them with defaults applied.
     *
     * @return the normalized settings: known properties only, typed, defaults filled in
     * @throws InvalidConfigurationException naming every offending field
     */
    public Map<String, Object> validate(Map<String, ?> raw) {
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, Object> normalized = new LinkedHashMap<>();
        for (String key : raw.keySet()) {
            if (property(key).isEmpty()) {
                errors.put(key, "unknown setting; this connector takes " + names());
            }
        }
        for (ConfigProperty property : properties) {
            Object value = raw.get(property.name());
            if (value == null || (value instanceof String s && s.isBlank())) {
                if (property.defaultValue() != null) {
                    normalized.put(property.name(), property.defaultValue());
                } else if (property.required()) {
                    errors.put(property.name(), "is required");
                }
                continue;
            }
            try {
                normalized.put(property.name(), property.type().coerce(value));
            } catch (IllegalArgumentException e) {
                errors.put(property.name(), e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidConfigurationException(errors);
        }
        return normalized;
    }

    /**
     * This schema as a JSON Schema (draft 2020-12) document, for forms and clients. Secret settings are marked
     * {@code writeOnly}: they are accepted but never returned.
     */
    public Map<String, Object> toJsonSchema() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("type", "object");
        Map<String, Object> fields = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (ConfigProperty property : properties) {
            Map<String, Object> field = new LinkedHashMap<>();
            field.put(
                    "type",
                    switch (property.type()) {
                        case STRING -> "string";
                        case INTEGER -> "integer";
                        case BOOLEAN -> "boolean";
                    });
            field.put("title", property.label());
            field.put("description", property.description());
            if (property.defaultValue() != null) {
                field.put("default", property.defaultValue());
            }
            if (property.secret()) {
                field.put("writeOnly", true);
            }
            fields.put(property.name(), field);
            if (property.required() && property.defaultValue() == null) {
                required.add(property.name());
            }
        }
        schema.put("properties", fields);
        schema.put("required", required);
        schema.put("additionalProperties", false);
        return schema;
    }

    private List<String> names() {
        List<String> names = new ArrayList<>();
        properties.forEach(p -> names.add(p.name()));
        return names;
    }
}
