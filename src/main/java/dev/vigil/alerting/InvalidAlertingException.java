package dev.vigil.alerting;

import java.util.Map;

/** A channel, rule or exception request that cannot be accepted; names every offending field. */
public class InvalidAlertingException extends RuntimeException {

    private final Map<String, String> fieldErrors;

    public InvalidAlertingException(Map<String, String> fieldErrors) {
        super("Invalid input: " + fieldErrors);
        this.fieldErrors = Map.copyOf(fieldErrors);
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }
}
