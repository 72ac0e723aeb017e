package dev.vigil.connector;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A normalized snapshot of one thing in an external system.
 *
 * @param type resource type, one of the connector's declared {@link ConnectorDescriptor#resourceTypes()}
 * @param externalId stable id within the integration (a host name, a database oid, a user id)
 * @param name display name
 * @param attributes the normalized attribute document checks read. Values are {@code String}, {@code Long},
 *     {@code Double}, {@code Boolean}, {@code List} or {@code Map} of those, or {@code null}
 * @param unknown attribute names that could not be determined, with the reason (for example {@code sshd ->
 *     "sshd_config unreadable: permission denied"}). Checks that need such an attribute report ERROR with
 *     the reason, never PASS.
 * @param raw the raw observations behind the attributes (file excerpts, command output), kept as evidence
 */
public record ObservedResource(
        String type,
        String externalId,
        String name,
        Map<String, Object> attributes,
        Map<String, String> unknown,
        Map<String, String> raw) {

    public ObservedResource {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(name, "name");
        attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        unknown = Map.copyOf(unknown);
        raw = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(raw));
    }
}
