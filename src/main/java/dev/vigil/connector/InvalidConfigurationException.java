package dev.vigil.connector;

import java.util.Map;

/** Settings that do not match a connector's {@link ConfigSchema}; carries one message per offending field. */
public class InvalidConfigurationException extends IllegalArgumentException {

    private final transient Map<String, String> fieldErrors;

    public InvalidConfigurationException(Map<String, String> fieldErrors) {
        super("invalid connector settings: " + fieldErrors);
        this.fieldErrors = Map.copyOf(fieldErrors);
    }

    /** Field name to message, for example {@code rootPath -> must be an absolute path}. */
    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }
}
