package dev.vigil.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML node that remembers where it was written, so content errors can name file and line. Mappings reject
 * keys nobody reads: a misspelt field is an error, not a silent default.
 */
final class YamlNode {

    private final String file;
    private final Node node;
    private final Set<String> read = new LinkedHashSet<>();

    private YamlNode(String file, Node node) {
        this.file = file;
        this.node = node;
    }

    static YamlNode parse(String file, InputStream in) throws IOException {
        LoaderOptions options = new LoaderOptions();
        Yaml yaml = new Yaml(new SafeConstructor(options));
        try (InputStreamReader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            Node root = yaml.compose(reader);
            if (root == null) {
                throw new ContentValidationException(file + ": the file is empty");
            }
            return new YamlNode(file, root);
        } catch (org.yaml.snakeyaml.error.MarkedYAMLException e) {
            throw new ContentValidationException(
                    file + ":" + (e.getProblemMark().getLine() + 1) + ": invalid YAML: " + e.getProblem());
        }
    }

    ContentLocation location() {
        return new ContentLocation(file, node.getStartMark().getLine() + 1);
    }

    private MappingNode mapping() {
        if (node instanceof MappingNode mapping) {
            return mapping;
        }
        throw ContentValidationException.at(location(), null, "expected a mapping (key: value)");
    }

    private Map<String, Node> entries() {
        Map<String, Node> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping().getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw ContentValidationException.at(location(), null, "keys must be plain values");
            }
            // The composer keeps duplicate keys; a second value would silently win, so refuse it.
            if (entries.put(key.getValue(), tuple.getValueNode()) != null) {
                throw ContentValidationException.at(
                        new ContentLocation(file, key.getStartMark().getLine() + 1),
                        null,
                        "the key '" + key.getValue() + "' appears twice");
            }
        }
        return entries;
    }

    boolean has(String key) {
        return entries().containsKey(key);
    }

    YamlNode get(String key) {
        read.add(key);
        Node value = entries().get(key);
        return value == null ? null : new YamlNode(file, value);
    }

    String requireString(String key, String id) {
        String value = string(key);
        if (value == null || value.isBlank()) {
            throw ContentValidationException.at(location(), id, "missing '" + key + "'");
        }
        return value;
    }

    String string(String key) {
        YamlNode value = get(key);
        if (value == null) {
            return null;
        }
        if (value.node instanceof ScalarNode scalar) {
            return scalar.getValue().strip();
        }
        throw ContentValidationException.at(value.location(), null, "'" + key + "' must be a single value");
    }

    List<YamlNode> list(String key) {
        YamlNode value = get(key);
        if (value == null) {
            return List.of();
        }
        if (value.node instanceof SequenceNode sequence) {
            List<YamlNode> items = new ArrayList<>();
            sequence.getValue().forEach(item -> items.add(new YamlNode(file, item)));
            return items;
        }
        throw ContentValidationException.at(value.location(), null, "'" + key + "' must be a list");
    }

    List<String> strings(String key) {
        List<String> values = new ArrayList<>();
        for (YamlNode item : list(key)) {
            if (item.node instanceof ScalarNode scalar) {
                values.add(scalar.getValue().strip());
            } else {
                throw ContentValidationException.at(item.location(), null, "'" + key + "' must list plain values");
            }
        }
        return values;
    }

    /** Keys of a mapping value, for maps keyed by data (such as framework id to requirement ids). */
    List<String> keys() {
        return new ArrayList<>(entries().keySet());
    }

    /** Converts a subtree to plain Java values (String, Long, Double, Boolean, List, Map) for CEL. */
    Object plain() {
        if (node instanceof ScalarNode scalar) {
            String text = scalar.getValue();
            Tag tag = scalar.getTag();
            if (Tag.INT.equals(tag)) {
                return Long.parseLong(text.replace("_", ""));
            }
            if (Tag.FLOAT.equals(tag)) {
                return Double.parseDouble(text.replace("_", ""));
            }
            if (Tag.BOOL.equals(tag)) {
                return Boolean.parseBoolean(text);
            }
            if (Tag.NULL.equals(tag)) {
                return null;
            }
            return text;
        }
        if (node instanceof SequenceNode sequence) {
            List<Object> values = new ArrayList<>();
            sequence.getValue().forEach(item -> values.add(new YamlNode(file, item).plain()));
            return values;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        entries().forEach((key, value) -> values.put(key, new YamlNode(file, value).plain()));
        return values;
    }

    /** Fails when the mapping has keys that were never read: almost always a typo in the content. */
    void rejectUnknownKeys(String id) {
        for (String key : entries().keySet()) {
            if (!read.contains(key)) {
                throw ContentValidationException.at(location(), id, "unknown field '" + key + "'");
            }
        }
    }
}
