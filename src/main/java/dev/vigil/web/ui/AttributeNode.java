package dev.vigil.web.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A resource's attribute document shaped for reading: objects become nested tables, lists of plain values
 * become inline lists, lists of objects become numbered items. Keys keep the document's order.
 */
public record AttributeNode(String name, Kind kind, String text, List<AttributeNode> children) {

    /** How a value is shown. */
    public enum Kind {
        TEXT,
        NUMBER,
        BOOLEAN,
        NULL,
        /** A list of plain values, shown inline. */
        VALUES,
        /** An object or a list of objects, shown as a nested table. */
        TREE,
        /** An empty object or list. */
        EMPTY
    }

    public boolean isTree() {
        return kind == Kind.TREE;
    }

    /** The children of a document (a map of attribute name to value). */
    static List<AttributeNode> of(Map<String, ?> document) {
        List<AttributeNode> nodes = new ArrayList<>();
        if (document != null) {
            document.forEach((key, value) -> nodes.add(node(key, value)));
        }
        return nodes;
    }

    static AttributeNode node(String name, Object value) {
        if (value == null) {
            return new AttributeNode(name, Kind.NULL, "", List.of());
        }
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                return new AttributeNode(name, Kind.EMPTY, "", List.of());
            }
            List<AttributeNode> children = new ArrayList<>();
            map.forEach((key, child) -> children.add(node(String.valueOf(key), child)));
            return new AttributeNode(name, Kind.TREE, "", children);
        }
        if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                return new AttributeNode(name, Kind.EMPTY, "", List.of());
            }
            boolean plain = list.stream().noneMatch(v -> v instanceof Map<?, ?> || v instanceof List<?>);
            List<AttributeNode> children = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                children.add(node(plain ? "" : "#" + (i + 1), list.get(i)));
            }
            return new AttributeNode(name, plain ? Kind.VALUES : Kind.TREE, "", children);
        }
        if (value instanceof Boolean b) {
            return new AttributeNode(name, Kind.BOOLEAN, b.toString(), List.of());
        }
        if (value instanceof Number n) {
            return new AttributeNode(name, Kind.NUMBER, n.toString(), List.of());
        }
        return new AttributeNode(name, Kind.TEXT, value.toString(), List.of());
    }
}
