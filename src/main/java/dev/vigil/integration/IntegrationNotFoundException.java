package dev.vigil.integration;

import java.util.UUID;

/** No integration with this id in the caller's workspace (also what another workspace's id looks like). */
public class IntegrationNotFoundException extends RuntimeException {
    public IntegrationNotFoundException(UUID id) {
        super("No integration " + id + " in this workspace.");
    }
}
