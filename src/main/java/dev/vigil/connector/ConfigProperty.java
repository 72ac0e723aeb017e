package dev.vigil.connector;

import java.util.Objects;

/**
 * One setting of a connector.
 *
 * @param name key in the integration's {@code config} object
 * @param type value type
 * @param label short human-readable label for forms
 * @param description help text
 * @param required whether the setting must be given (a default counts as given)
 * @param secret whether the value is a credential: encrypted at rest, never returned or logged
 * @param defaultValue value used when the setting is absent, or {@code null}
 */
public record ConfigProperty(
        String name,
        Type type,
        String label,
        String description,
        boolean required,
        boolean secret,
        Object defaultValue) {

    public ConfigProperty {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(description, "description");
    }

    public static ConfigProperty string(String name, String label, String description, String defaultValue) {
        return new ConfigProperty(name, Type.STRING, label, description, defaultValue == null, false, defaultValue);
    }

    public static ConfigProperty optionalString(String name, String label, String description) {
        return new ConfigProperty(name, Type.STRING, label, description, false, false, null);
    }

    public static ConfigProperty secret(String name, String label, String description) {
        return new ConfigProperty(name, Type.STRING, label, description, true, true, null);
    }

    public static ConfigProperty integer(String name, String label, String description, Long defaultValue) {
        return new ConfigProperty(name, Type.INTEGER, label, description, defaultValue == null, false, defaultValue);
    }

    public static ConfigProperty bool(String name, String label, String description, boolean defaultValue) {
        return new ConfigProperty(name, Type.BOOLEAN, label, description, false, false, defaultValue);
    }

    /** Value types a setting may have. */
    public enum Type {
        STRING {
            @Override
            Object coerce(Object value) {
                if (value instanceof String s) {
                    return s.strip();
                }
                throw new IllegalArgumentException("must be a string");
            }
        },
        INTEGER {
            @Override
            Object coerce(Object value) {
                if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                    return n.longValue();
                }
                if (value instanceof String s) {
                    try {
                        return Long.parseLong(s.strip());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("must be a whole number, got '" + s + "'");
                    }
                }
                throw new IllegalArgumentException("must be a whole number");
            }
        },
        BOOLEAN {
            @Override
            Object coerce(Object value) {
                if (value instanceof Boolean b) {
                    return b;
                }
                if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
                    return Boolean.parseBoolean(s);
                }
                throw new IllegalArgumentException("must be true or false");
            }
        };

        abstract Object coerce(Object value);
    }
}
