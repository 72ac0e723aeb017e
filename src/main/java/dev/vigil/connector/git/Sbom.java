package dev.vigil.connector.git;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the declared dependencies of one commit as a CycloneDX 1.6 JSON SBOM.
 *
 * <p>The document is a pure function of the commit: serial number and timestamp come from the commit, so an
 * unchanged branch yields byte-identical evidence and no new evidence record. The metadata says plainly that
 * the components are declared, not resolved: versions are as written in the manifests (ranges included), and
 * transitive dependencies are absent.
 */
final class Sbom {

    static final String SPEC_VERSION = "1.6";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A version that names one release, not a range or a placeholder, can go into a package URL. */
    private static final Pattern EXACT_VERSION = Pattern.compile("v?[0-9][A-Za-z0-9.+_-]*");

    private Sbom() {}

    static String write(
            String repositoryName,
            String location,
            String branch,
            String commitId,
            Instant commitTime,
            List<Manifests.Dependency> dependencies) {
        ObjectNode bom = JSON.createObjectNode();
        bom.put("bomFormat", "CycloneDX");
        bom.put("specVersion", SPEC_VERSION);
        bom.put(
                "serialNumber",
                "urn:uuid:"
                        + UUID.nameUUIDFromBytes((location + "\u0000" + commitId).getBytes(StandardCharsets.UTF_8)));
        bom.put("version", 1);

        ObjectNode metadata = bom.putObject("metadata");
        metadata.put("timestamp", commitTime.toString());
        metadata.putArray("lifecycles").addObject().put("phase", "pre-build");
        ObjectNode tool = metadata.putObject("tools").putArray("components").addObject();
        tool.put("type", "application");
        tool.put("name", "Vigil git-repository connector");
        ObjectNode subject = metadata.putObject("component");
        subject.put("type", "application");
        subject.put("bom-ref", "repository");
        subject.put("name", repositoryName);
        subject.put("version", commitId);
        ArrayNode metadataProperties = metadata.putArray("properties");
        property(metadataProperties, "vigil:dependencies", "declared");
        property(
                metadataProperties,
                "vigil:note",
                "Dependencies as declared in the manifests of commit " + commitId + " on branch " + branch
                        + ". Versions are as written (ranges and unresolved placeholders stay as they are); nothing"
                        + " was resolved, and transitive dependencies are not included.");
        property(metadataProperties, "vigil:repository", location);

        Map<String, Merged> components = new LinkedHashMap<>();
        for (Manifests.Dependency dependency : dependencies) {
            String key = dependency.ecosystem() + "\u0000" + dependency.namespace() + "\u0000" + dependency.name()
                    + "\u0000" + dependency.version() + "\u0000" + dependency.scope();
            components
                    .computeIfAbsent(key, k -> new Merged(dependency, new ArrayList<>()))
                    .manifests()
                    .add(dependency.manifest());
        }
        ArrayNode list = bom.putArray("components");
        int index = 0;
        for (Merged merged : components.values()) {
            Manifests.Dependency dependency = merged.dependency();
            ObjectNode component = list.addObject();
            String purl = purl(dependency);
            component.put("type", "library");
            component.put("bom-ref", purl + "#" + index++);
            if (dependency.namespace() != null) {
                component.put("group", dependency.namespace());
            }
            component.put("name", dependency.name());
            if (dependency.version() != null) {
                component.put("version", dependency.version());
            }
            component.put("scope", dependency.scope());
            component.put("purl", purl);
            ArrayNode properties = component.putArray("properties");
            for (String manifest : merged.manifests()) {
                property(properties, "vigil:manifest", manifest);
            }
            if (dependency.version() == null) {
                property(properties, "vigil:version", "not declared in the manifest");
            }
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(bom);
    }

    private record Merged(Manifests.Dependency dependency, List<String> manifests) {}

    private static void property(ArrayNode properties, String name, String value) {
        ObjectNode property = properties.addObject();
        property.put("name", name);
        property.put("value", value);
    }

    /** Package URL of the dependency; the version is only included when it names one release. */
    static String purl(Manifests.Dependency dependency) {
        StringBuilder purl =
                new StringBuilder("pkg:").append(dependency.ecosystem()).append('/');
        if (dependency.namespace() != null) {
            for (String segment : dependency.namespace().split("/")) {
                purl.append(encode(segment)).append('/');
            }
        }
        purl.append(encode(dependency.name()));
        String exact = exactVersion(dependency);
        if (exact != null) {
            purl.append('@').append(encode(exact));
        }
        return purl.toString();
    }

    /**
     * The one release a declaration pins, or {@code null} for a range. Each ecosystem writes pins its own way:
     * pip needs {@code ==}, Cargo reads a bare {@code 1.2} as a range and needs {@code =}, npm, Composer and
     * Maven pin with a bare number, Go always names one version.
     */
    static String exactVersion(Manifests.Dependency dependency) {
        String version = dependency.version();
        if (version == null) {
            return null;
        }
        String candidate = switch (dependency.ecosystem()) {
            case "pypi" ->
                version.startsWith("==") && !version.startsWith("===") && !version.contains(",")
                        ? version.substring(2)
                        : null;
            case "cargo" -> version.startsWith("=") ? version.substring(1).strip() : null;
            case "npm", "composer" ->
                version.startsWith("=") ? version.substring(1).strip() : version;
            default -> version;
        };
        if (candidate == null
                || !EXACT_VERSION.matcher(candidate).matches()
                || candidate.contains(".x")
                || candidate.contains("-SNAPSHOT")) {
            return null;
        }
        return candidate;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
