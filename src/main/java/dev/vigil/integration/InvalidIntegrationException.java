package dev.vigil.integration;

import java.util.Map;

/** An integration request with invalid fields; carries one message per field (config fields as config.x). */
public class InvalidIntegrationException extends RuntimeException {

    private final transient Map<String, String> fieldErrors;

    public InvalidIntegrationException(Map<String, String> fieldErrors) {
        super("Invalid integration: " + fieldErrors);
        this.fieldErrors = Map.copyOf(fieldErrors);
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }
}
