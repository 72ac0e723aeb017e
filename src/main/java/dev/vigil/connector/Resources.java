package dev.vigil.connector;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builder for {@link ObservedResource}, so connectors read as a list of observations. */
public final class Resources {

    private final String type;
    private final String externalId;
    private final String name;
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private final Map<String, String> unknown = new LinkedHashMap<>();
    private final Map<String, String> raw = new LinkedHashMap<>();

    private Resources(String type, String externalId, String name) {
        this.type = type;
        this.externalId = externalId;
        this.name = name;
    }

    public static Resources builder(String type, String externalId, String name) {
        return new Resources(type, externalId, name);
    }

    /** Records an attribute that was determined. */
    public Resources attribute(String key, Object value) {
        attributes.put(key, value);
        unknown.remove(key);
        return this;
    }

    /** Records that an attribute could not be determined, and why. */
    public Resources unknown(String key, String reason) {
        attributes.remove(key);
        unknown.put(key, reason);
        return this;
    }

    /** Keeps a raw observation (file excerpt, command output) as evidence. */
    public Resources raw(String source, String content) {
        raw.put(source, content);
        return this;
    }

    public ObservedResource build() {
        return new ObservedResource(type, externalId, name, attributes, unknown, raw);
    }
}
