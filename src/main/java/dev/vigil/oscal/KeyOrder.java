package dev.vigil.oscal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Puts the keys of a JSON document in a fixed, readable order: identifiers first, then names and values, titles,
 * prose, nested lists, and {@code back-matter} last, as the OSCAL documentation shows documents; keys not listed
 * follow in alphabetical order. liboscal's serializer writes keys in an order that changes from one JVM run to the
 * next, so without this two exports of the same content would differ in their bytes.
 */
final class KeyOrder {

    private static final List<String> FIRST = List.of(
            "uuid",
            "id",
            "control-id",
            "name",
            "type",
            "ns",
            "value",
            "class",
            "href",
            "rel",
            "media-type",
            "title",
            "text",
            "last-modified",
            "version",
            "oscal-version",
            "source",
            "description",
            "purpose",
            "props",
            "links",
            "prose",
            "roles",
            "parties",
            "responsible-parties",
            "role-id",
            "party-uuids",
            "metadata",
            "groups",
            "controls",
            "parts",
            "components",
            "control-implementations",
            "implemented-requirements",
            "resources",
            "rlinks",
            "back-matter");

    private static final Comparator<String> ORDER = Comparator.comparingInt((String key) -> {
                int index = FIRST.indexOf(key);
                return index < 0 ? FIRST.size() : index;
            })
            .thenComparing(Comparator.naturalOrder());

    private static final JsonMapper MAPPER =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private KeyOrder() {}

    static String apply(String json) {
        return MAPPER.writeValueAsString(ordered(MAPPER.readTree(json)));
    }

    private static JsonNode ordered(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(object.properties());
            entries.sort(Map.Entry.comparingByKey(ORDER));
            ObjectNode result = MAPPER.createObjectNode();
            entries.forEach(entry -> result.set(entry.getKey(), ordered(entry.getValue())));
            return result;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode result = MAPPER.createArrayNode();
            array.forEach(item -> result.add(ordered(item)));
            return result;
        }
        return node;
    }
}
