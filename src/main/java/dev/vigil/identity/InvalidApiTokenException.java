package dev.vigil.identity;

import java.util.Map;

/** A token that cannot be issued as asked; one message per field ({@code name}, {@code scopes}, {@code expiresAt}). */
public class InvalidApiTokenException extends RuntimeException {

    private final transient Map<String, String> fieldErrors;

    public InvalidApiTokenException(Map<String, String> fieldErrors) {
        super("Invalid API token: " + fieldErrors);
        this.fieldErrors = Map.copyOf(fieldErrors);
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }
}
