package dev.vigil.connector;

import java.util.List;
import java.util.Objects;

/**
 * Describes a connector.
 *
 * @param id stable, lower-case id used in integrations and the API (for example {@code linux-host})
 * @param name human-readable name
 * @param description one sentence shown when choosing a connector
 * @param resourceTypes the resource types a collector of this connector may yield (for example {@code
 *     host.linux}); checks bind to these types, never to connectors
 * @param configSchema the settings an integration of this connector takes
 */
public record ConnectorDescriptor(
        String id, String name, String description, List<String> resourceTypes, ConfigSchema configSchema) {

    public ConnectorDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        resourceTypes = List.copyOf(resourceTypes);
        Objects.requireNonNull(configSchema, "configSchema");
    }
}
