package dev.vigil.web.ui;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A resource's attribute document shaped for reading: objects become nested key/value tables, lists of plain
 * values become inline lists, and lists of flat objects (accounts, volumes, listening sockets) become one table
 * with a column per key, which is how people compare rows. Keys keep the document's order.
 *
 * @param children the entries of an object, the items of a list of values or of a list of nested objects
 * @param columns for {@link Kind#TABLE}, the keys of the objects in order of first appearance
 * @param rows for {@link Kind#TABLE}, one cell per column for each object (an absent key is {@link Kind#NULL})
 */
public record AttributeNode(
        String name,
        Kind kind,
        String text,
        List<AttributeNode> children,
        List<String> columns,
        List<List<AttributeNode>> rows) {

    /** How a value is shown. */
    public enum Kind {
        TEXT,
        NUMBER,
        BOOLEAN,
        NULL,
        /** A list of plain values, shown inline. */
        VALUES,
        /** An object, or a list of objects that are not all flat, shown as a nested key/value table. */
        TREE,
        /** A list of flat objects, shown as a table with a column per key. */
        TABLE,
        /** An empty object or list. */
        EMPTY
    }

    private static AttributeNode leaf(String name, Kind kind, String text) {
        return new AttributeNode(name, kind, text, List.of(), List.of(), List.of());
    }

    /** The entries of a document (attribute name to value). */
    static List<AttributeNode> of(Map<String, ?> document) {
        List<AttributeNode> nodes = new ArrayList<>();
        if (document != null) {
            document.forEach((key, value) -> nodes.add(node(key, value)));
        }
        return nodes;
    }

    static AttributeNode node(String name, Object value) {
        if (value == null) {
            return leaf(name, Kind.NULL, "");
        }
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                return leaf(name, Kind.EMPTY, "");
            }
            List<AttributeNode> children = new ArrayList<>();
            map.forEach((key, child) -> children.add(node(String.valueOf(key), child)));
            return new AttributeNode(name, Kind.TREE, "", children, List.of(), List.of());
        }
        if (value instanceof List<?> list) {
            return list(name, list);
        }
        if (value instanceof Boolean b) {
            return leaf(name, Kind.BOOLEAN, b.toString());
        }
        if (value instanceof Number n) {
            return leaf(name, Kind.NUMBER, n.toString());
        }
        return leaf(name, Kind.TEXT, value.toString());
    }

    private static AttributeNode list(String name, List<?> list) {
        if (list.isEmpty()) {
            return leaf(name, Kind.EMPTY, "");
        }
        if (list.stream().noneMatch(v -> v instanceof Map<?, ?> || v instanceof List<?>)) {
            return new AttributeNode(
                    name, Kind.VALUES, "", list.stream().map(v -> node("", v)).toList(), List.of(), List.of());
        }
        if (list.stream().allMatch(AttributeNode::isFlatObject)) {
            Set<String> columns = new LinkedHashSet<>();
            list.forEach(item -> ((Map<?, ?>) item).keySet().forEach(key -> columns.add(String.valueOf(key))));
            List<List<AttributeNode>> rows = new ArrayList<>();
            for (Object item : list) {
                Map<?, ?> object = (Map<?, ?>) item;
                rows.add(columns.stream()
                        .map(column -> node(column, object.get(column)))
                        .toList());
            }
            return new AttributeNode(name, Kind.TABLE, "", List.of(), List.copyOf(columns), List.copyOf(rows));
        }
        List<AttributeNode> children = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            children.add(node("#" + (i + 1), list.get(i)));
        }
        return new AttributeNode(name, Kind.TREE, "", children, List.of(), List.of());
    }

    private static boolean isFlatObject(Object value) {
        return value instanceof Map<?, ?> map
                && !map.isEmpty()
                && map.values().stream().noneMatch(v -> v instanceof Map<?, ?> || v instanceof List<?>);
    }
}
