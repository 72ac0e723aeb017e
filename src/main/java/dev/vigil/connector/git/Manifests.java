package dev.vigil.connector.git;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Recognizes dependency manifests and lockfiles by name, and reads the dependencies a manifest declares. Only
 * what is written in the file is reported: versions as declared (a range stays a range), no resolution, no
 * transitive dependencies.
 */
final class Manifests {

    /** A manifest or lockfile kind, recognized by its file name. */
    record Kind(String ecosystem, boolean lockfile) {}

    /**
     * One dependency as a manifest declares it.
     *
     * @param version the version as written, or {@code null} when the manifest leaves it to something else (a
     *     parent pom, a BOM)
     * @param scope CycloneDX scope: required, optional or excluded (test and development dependencies)
     */
    record Dependency(String ecosystem, String namespace, String name, String version, String scope, String manifest) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Map<String, Kind> BY_NAME = new HashMap<>();

    static {
        manifest("maven", "pom.xml");
        manifest("gradle", "build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts");
        lockfile("gradle", "gradle.lockfile", "libs.versions.toml");
        manifest("npm", "package.json");
        lockfile(
                "npm",
                "package-lock.json",
                "npm-shrinkwrap.json",
                "yarn.lock",
                "pnpm-lock.yaml",
                "bun.lockb",
                "bun.lock");
        manifest("pypi", "pyproject.toml", "setup.py", "setup.cfg", "Pipfile");
        lockfile("pypi", "Pipfile.lock", "poetry.lock", "uv.lock", "pdm.lock");
        manifest("golang", "go.mod");
        lockfile("golang", "go.sum");
        manifest("gem", "Gemfile");
        lockfile("gem", "Gemfile.lock");
        manifest("cargo", "Cargo.toml");
        lockfile("cargo", "Cargo.lock");
        manifest("composer", "composer.json");
        lockfile("composer", "composer.lock");
        manifest("nuget", "packages.config", "Directory.Packages.props");
        lockfile("nuget", "packages.lock.json");
        manifest("pub", "pubspec.yaml");
        lockfile("pub", "pubspec.lock");
        manifest("hex", "mix.exs");
        lockfile("hex", "mix.lock");
        manifest("swift", "Package.swift");
        lockfile("swift", "Package.resolved");
    }

    private static void manifest(String ecosystem, String... names) {
        for (String name : names) {
            BY_NAME.put(name, new Kind(ecosystem, false));
        }
    }

    private static void lockfile(String ecosystem, String... names) {
        for (String name : names) {
            BY_NAME.put(name, new Kind(ecosystem, true));
        }
    }

    /** Lockfiles that pin what a manifest of this ecosystem declares, when the ecosystem has one by convention. */
    static final Map<String, List<String>> EXPECTED_LOCKFILES = Map.of(
            "package.json",
            List.of("package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb", "bun.lock"),
            "Gemfile",
            List.of("Gemfile.lock"),
            "composer.json",
            List.of("composer.lock"),
            "Pipfile",
            List.of("Pipfile.lock"),
            "go.mod",
            List.of("go.sum"));

    private static final Pattern REQUIREMENTS = Pattern.compile("requirements[A-Za-z0-9._-]*\\.(txt|in)");

    private Manifests() {}

    /** What a file is by its path, if it is a manifest or lockfile. Vendored copies do not count. */
    static Optional<Kind> kind(String path) {
        if (path.startsWith("node_modules/")
                || path.contains("/node_modules/")
                || path.startsWith("vendor/")
                || path.contains("/vendor/")) {
            return Optional.empty();
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        Kind kind = BY_NAME.get(name);
        if (kind != null) {
            return Optional.of(kind);
        }
        if (REQUIREMENTS.matcher(name).matches()) {
            return Optional.of(new Kind("pypi", false));
        }
        if (name.endsWith(".csproj") || name.endsWith(".fsproj") || name.endsWith(".vbproj")) {
            return Optional.of(new Kind("nuget", false));
        }
        return Optional.empty();
    }

    /** Whether this reader understands the declarations of the file (others are listed but not read). */
    static boolean readable(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.equals("pom.xml")
                || name.equals("package.json")
                || name.equals("go.mod")
                || name.equals("Cargo.toml")
                || name.equals("composer.json")
                || REQUIREMENTS.matcher(name).matches();
    }

    /**
     * Reads the dependencies a manifest declares.
     *
     * @throws IllegalArgumentException with the reason when the file cannot be read as its kind
     */
    static List<Dependency> read(String path, byte[] content) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        String text = new String(content, StandardCharsets.UTF_8);
        if (name.equals("pom.xml")) {
            return pom(path, content);
        }
        if (name.equals("package.json")) {
            return packageJson(path, text);
        }
        if (name.equals("composer.json")) {
            return composerJson(path, text);
        }
        if (name.equals("go.mod")) {
            return goMod(path, text);
        }
        if (name.equals("Cargo.toml")) {
            return cargoToml(path, text);
        }
        if (REQUIREMENTS.matcher(name).matches()) {
            return requirements(path, text);
        }
        return List.of();
    }

    // --- Maven -------------------------------------------------------------------------------------

    private static List<Dependency> pom(String path, byte[] content) {
        Document document;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // A pom is data from the repository: no DTDs, no external entities, no network.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            document = builder.parse(new ByteArrayInputStream(content));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("not a readable pom.xml: " + e.getMessage(), e);
        }
        Element project = document.getDocumentElement();
        if (!"project".equals(project.getTagName())) {
            throw new IllegalArgumentException("not a Maven pom (root element is " + project.getTagName() + ")");
        }
        Map<String, String> properties = new HashMap<>();
        child(project, "properties").ifPresent(props -> {
            for (Element property : children(props)) {
                properties.put(property.getTagName(), property.getTextContent().strip());
            }
        });
        Optional<Element> parent = child(project, "parent");
        String projectVersion = text(project, "version")
                .or(() -> parent.flatMap(p -> text(p, "version")))
                .orElse(null);
        if (projectVersion != null) {
            properties.put("project.version", projectVersion);
            properties.put("version", projectVersion);
        }
        List<Dependency> dependencies = new ArrayList<>();
        child(project, "dependencies").ifPresent(list -> {
            for (Element dependency : children(list)) {
                if (!dependency.getTagName().equals("dependency")) {
                    continue;
                }
                String group = text(dependency, "groupId")
                        .map(v -> expand(v, properties))
                        .orElse(null);
                String artifact = text(dependency, "artifactId")
                        .map(v -> expand(v, properties))
                        .orElse(null);
                if (artifact == null) {
                    continue;
                }
                String version = text(dependency, "version")
                        .map(v -> expand(v, properties))
                        .orElse(null);
                String mavenScope = text(dependency, "scope").orElse("compile");
                boolean optional =
                        text(dependency, "optional").map("true"::equals).orElse(false);
                String scope = mavenScope.equals("test")
                        ? "excluded"
                        : optional || mavenScope.equals("provided") ? "optional" : "required";
                dependencies.add(new Dependency("maven", group, artifact, version, scope, path));
            }
        });
        return dependencies;
    }

    private static final Pattern PROPERTY_REFERENCE = Pattern.compile("\\$\\{([^}]+)}");

    /** Replaces ${name} with the pom's own properties; what it cannot resolve stays as written. */
    private static String expand(String value, Map<String, String> properties) {
        Matcher matcher = PROPERTY_REFERENCE.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String replacement = properties.getOrDefault(matcher.group(1), matcher.group());
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private static Optional<Element> child(Element parent, String name) {
        return children(parent).stream()
                .filter(e -> e.getTagName().equals(name))
                .findFirst();
    }

    private static Optional<String> text(Element parent, String name) {
        return child(parent, name).map(e -> e.getTextContent().strip()).filter(s -> !s.isEmpty());
    }

    private static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) {
                elements.add((Element) nodes.item(i));
            }
        }
        return elements;
    }

    // --- npm and Composer ---------------------------------------------------------------------------

    private static List<Dependency> packageJson(String path, String text) {
        JsonNode root = json(path, text);
        List<Dependency> dependencies = new ArrayList<>();
        addJsonSection(root, "dependencies", "required", "npm", path, dependencies);
        addJsonSection(root, "optionalDependencies", "optional", "npm", path, dependencies);
        addJsonSection(root, "peerDependencies", "optional", "npm", path, dependencies);
        addJsonSection(root, "devDependencies", "excluded", "npm", path, dependencies);
        return dependencies;
    }

    private static List<Dependency> composerJson(String path, String text) {
        JsonNode root = json(path, text);
        List<Dependency> dependencies = new ArrayList<>();
        addJsonSection(root, "require", "required", "composer", path, dependencies);
        addJsonSection(root, "require-dev", "excluded", "composer", path, dependencies);
        // php itself and ext-* are platform requirements, not packages
        dependencies.removeIf(d -> d.namespace() == null
                && (d.name().equals("php")
                        || d.name().startsWith("ext-")
                        || d.name().startsWith("lib-")));
        return dependencies;
    }

    private static JsonNode json(String path, String text) {
        try {
            JsonNode root = JSON.readTree(text);
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return root;
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void addJsonSection(
            JsonNode root, String field, String scope, String ecosystem, String path, List<Dependency> into) {
        JsonNode section = root.get(field);
        if (section == null || !section.isObject()) {
            return;
        }
        for (var entry : section.properties()) {
            String fullName = entry.getKey();
            String version = entry.getValue().isString() ? entry.getValue().asString() : null;
            int slash = fullName.indexOf('/');
            String namespace = slash > 0 ? fullName.substring(0, slash) : null;
            String name = slash > 0 ? fullName.substring(slash + 1) : fullName;
            into.add(new Dependency(ecosystem, namespace, name, version, scope, path));
        }
    }

    // --- pip ---------------------------------------------------------------------------------------

    /** Name, optional extras, then everything up to a marker or comment is the version specifier. */
    private static final Pattern REQUIREMENT_LINE =
            Pattern.compile("^([A-Za-z0-9][A-Za-z0-9._-]*)\\s*(\\[[^\\]]*])?\\s*([=!<>~][^;#]*)?");

    private static List<Dependency> requirements(String path, String text) {
        List<Dependency> dependencies = new ArrayList<>();
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("-") || line.contains("://")) {
                continue; // options (-r, -e, --hash), comments and direct URLs
            }
            Matcher matcher = REQUIREMENT_LINE.matcher(line);
            if (!matcher.find()) {
                continue;
            }
            String name = matcher.group(1).toLowerCase(Locale.ROOT).replaceAll("[._]+", "-");
            String spec = matcher.group(3) == null ? null : matcher.group(3).replaceAll("\\s+", "");
            dependencies.add(new Dependency("pypi", null, name, spec, "required", path));
        }
        return dependencies;
    }

    // --- Go ----------------------------------------------------------------------------------------

    private static final Pattern GO_REQUIRE = Pattern.compile("^(\\S+)\\s+(v\\S+)(.*)$");

    private static List<Dependency> goMod(String path, String text) {
        List<Dependency> dependencies = new ArrayList<>();
        boolean inBlock = false;
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (inBlock) {
                if (line.startsWith(")")) {
                    inBlock = false;
                    continue;
                }
                goRequirement(line, path).ifPresent(dependencies::add);
            } else if (line.startsWith("require (") || line.equals("require(")) {
                inBlock = true;
            } else if (line.startsWith("require ")) {
                goRequirement(line.substring("require ".length()).strip(), path).ifPresent(dependencies::add);
            }
        }
        return dependencies;
    }

    private static Optional<Dependency> goRequirement(String line, String path) {
        Matcher matcher = GO_REQUIRE.matcher(line);
        if (line.startsWith("//") || !matcher.matches()) {
            return Optional.empty();
        }
        String module = matcher.group(1);
        boolean indirect = matcher.group(3).contains("// indirect");
        int slash = module.lastIndexOf('/');
        return Optional.of(new Dependency(
                "golang",
                slash > 0 ? module.substring(0, slash) : null,
                slash > 0 ? module.substring(slash + 1) : module,
                matcher.group(2),
                indirect ? "optional" : "required",
                path));
    }

    // --- Cargo -------------------------------------------------------------------------------------

    private static final Pattern TOML_SECTION = Pattern.compile("^\\[([^\\]]+)]\\s*(#.*)?$");
    private static final Pattern TOML_STRING_VALUE = Pattern.compile("^([A-Za-z0-9_-]+)\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern TOML_INLINE_TABLE = Pattern.compile("^([A-Za-z0-9_-]+)\\s*=\\s*\\{(.*)}");
    private static final Pattern TOML_VERSION_KEY = Pattern.compile("(?:^|[,{\\s])version\\s*=\\s*\"([^\"]*)\"");

    private static List<Dependency> cargoToml(String path, String text) {
        List<Dependency> dependencies = new ArrayList<>();
        String section = "";
        String tableDependency = null;
        String tableScope = null;
        String tableVersion = null;
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            Matcher header = TOML_SECTION.matcher(line);
            if (header.matches()) {
                if (tableDependency != null) {
                    dependencies.add(new Dependency("cargo", null, tableDependency, tableVersion, tableScope, path));
                    tableDependency = null;
                }
                section = header.group(1).strip();
                for (String kind : List.of("dependencies", "dev-dependencies", "build-dependencies")) {
                    if (section.startsWith(kind + ".") || section.contains("." + kind + ".")) {
                        tableDependency = section.substring(section.lastIndexOf('.') + 1);
                        tableScope = cargoScope(kind);
                        tableVersion = null;
                    }
                }
                continue;
            }
            if (tableDependency != null) {
                Matcher version = TOML_STRING_VALUE.matcher(line);
                if (version.find() && version.group(1).equals("version")) {
                    tableVersion = version.group(2);
                }
                continue;
            }
            String kind = section.endsWith("dev-dependencies")
                    ? "dev-dependencies"
                    : section.endsWith("build-dependencies")
                            ? "build-dependencies"
                            : section.equals("dependencies") || section.endsWith(".dependencies")
                                    ? "dependencies"
                                    : null;
            if (kind == null || line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher simple = TOML_STRING_VALUE.matcher(line);
            Matcher inline = TOML_INLINE_TABLE.matcher(line);
            if (simple.find()) {
                dependencies.add(
                        new Dependency("cargo", null, simple.group(1), simple.group(2), cargoScope(kind), path));
            } else if (inline.find()) {
                Matcher version = TOML_VERSION_KEY.matcher(inline.group(2));
                dependencies.add(new Dependency(
                        "cargo",
                        null,
                        inline.group(1),
                        version.find() ? version.group(1) : null,
                        cargoScope(kind),
                        path));
            }
        }
        if (tableDependency != null) {
            dependencies.add(new Dependency("cargo", null, tableDependency, tableVersion, tableScope, path));
        }
        return dependencies;
    }

    private static String cargoScope(String kind) {
        return kind.equals("dependencies") ? "required" : "excluded";
    }
}
