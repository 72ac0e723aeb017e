package dev.vigil.integration;

import java.util.UUID;

/** A run was requested while one is already in progress for the integration. */
public class RunInProgressException extends RuntimeException {
    public RunInProgressException(UUID integrationId) {
        super("A collection run of integration " + integrationId + " is already in progress.");
    }
}
