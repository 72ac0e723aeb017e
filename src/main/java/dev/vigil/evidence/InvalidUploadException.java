package dev.vigil.evidence;

import java.util.Map;

/** An upload that cannot be accepted; one message per field ({@code file}, {@code effectiveDate}, {@code note}). */
public class InvalidUploadException extends RuntimeException {

    private final transient Map<String, String> fieldErrors;

    public InvalidUploadException(Map<String, String> fieldErrors) {
        super("Invalid upload: " + fieldErrors);
        this.fieldErrors = Map.copyOf(fieldErrors);
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }
}
