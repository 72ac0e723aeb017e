package dev.vigil.posture;

import java.util.Map;

/** A scope change that cannot be applied; one message per field. */
public class InvalidScopeException extends RuntimeException {

    private final transient Map<String, String> fieldErrors;

    public InvalidScopeException(Map<String, String> fieldErrors) {
        super("Invalid scope: " + fieldErrors);
        this.fieldErrors = Map.copyOf(fieldErrors);
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }
}
