package dev.vigil.connector;

import java.util.Map;
import java.util.Optional;

/** Validated settings of one integration, secrets decrypted. Never log {@link #values()}. */
public record ConnectorConfiguration(Map<String, Object> values) {

    public ConnectorConfiguration {
        values = Map.copyOf(values);
    }

    public Optional<String> string(String name) {
        return Optional.ofNullable(values.get(name)).map(Object::toString);
    }

    public String requireString(String name) {
        return string(name).orElseThrow(() -> new IllegalStateException("setting " + name + " missing"));
    }

    public long requireLong(String name) {
        Object value = values.get(name);
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalStateException("setting " + name + " missing");
    }

    public boolean flag(String name) {
        return Boolean.TRUE.equals(values.get(name));
    }

    @Override
    public String toString() {
        return "ConnectorConfiguration" + values.keySet();
    }
}
