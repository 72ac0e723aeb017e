package dev.vigil.alerting;

import java.util.UUID;

/** A channel, rule, alert, delivery or exception that does not exist in the caller's workspace. */
public class AlertingNotFoundException extends RuntimeException {

    public AlertingNotFoundException(String what, UUID id) {
        super("No " + what + " with id " + id + " in this workspace.");
    }

    public AlertingNotFoundException(String what) {
        super("No " + what + ".");
    }
}
