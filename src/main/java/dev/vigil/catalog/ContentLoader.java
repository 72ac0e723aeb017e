package dev.vigil.catalog;

import dev.vigil.platform.CanonicalJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Reads the content files under a classpath root and checks their integrity: every referenced id exists, no id
 * is defined twice, every required field is present. CEL syntax is checked by the check engine, which owns the
 * language.
 */
final class ContentLoader {

    private static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low");
    private static final List<String> OWNER_ROLES = List.of("owner", "admin");
    private static final List<String> FREQUENCIES =
            List.of("continuous", "daily", "weekly", "monthly", "quarterly", "annually", "per-event");

    private final String root;
    private final PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();

    /** @param root classpath location of the content, for example {@code content} */
    ContentLoader(String root) {
        this.root = root;
    }

    CatalogContent load() {
        YamlNode index = read("catalog.yaml");
        String version = index.requireString("version", null);
        List<Framework> frameworks = new ArrayList<>();
        for (String frameworkId : index.strings("frameworks")) {
            frameworks.add(framework(frameworkId));
        }
        index.rejectUnknownKeys(null);
        Map<String, CheckDefinition> checks = new LinkedHashMap<>();
        for (String file : files("checks")) {
            for (YamlNode node : read(file).list("checks")) {
                CheckDefinition check = check(node);
                if (checks.putIfAbsent(check.id(), check) != null) {
                    throw ContentValidationException.at(
                            check.source(),
                            check.id(),
                            "defined twice (first at " + checks.get(check.id()).source() + ")");
                }
            }
        }
        Map<String, Control> controls = new LinkedHashMap<>();
        Map<String, ContentLocation> controlLocations = new LinkedHashMap<>();
        for (String file : files("controls")) {
            for (YamlNode node : read(file).list("controls")) {
                Control control = control(node, frameworks, checks);
                if (controls.putIfAbsent(control.id(), control) != null) {
                    throw ContentValidationException.at(
                            node.location(),
                            control.id(),
                            "defined twice (first at " + controlLocations.get(control.id()) + ")");
                }
                controlLocations.put(control.id(), node.location());
            }
        }
        Map<String, EvidenceTaskDefinition> tasks = new LinkedHashMap<>();
        for (String file : files("evidence-tasks")) {
            for (YamlNode node : read(file).list("evidenceTasks")) {
                EvidenceTaskDefinition task = evidenceTask(node, controls);
                if (tasks.putIfAbsent(task.id(), task) != null) {
                    throw ContentValidationException.at(
                            task.source(),
                            task.id(),
                            "defined twice (first at " + tasks.get(task.id()).source() + ")");
                }
            }
        }
        return new CatalogContent(
                version,
                frameworks,
                List.copyOf(controls.values()),
                List.copyOf(checks.values()),
                List.copyOf(tasks.values()));
    }

    private EvidenceTaskDefinition evidenceTask(YamlNode node, Map<String, Control> controls) {
        String id = node.requireString("id", null);
        if (!id.matches("task(\\.[a-z0-9-]+)+")) {
            throw ContentValidationException.at(
                    node.location(), id, "evidence task ids are lower-case, dotted and" + " start with 'task.'");
        }
        String recurrenceText = node.requireString("recurrence", id);
        EvidenceTaskDefinition.Recurrence recurrence;
        try {
            recurrence = EvidenceTaskDefinition.Recurrence.parse(recurrenceText);
        } catch (IllegalArgumentException e) {
            throw ContentValidationException.at(
                    node.location(),
                    id,
                    "recurrence must be monthly, quarterly," + " semiannually or annually, not '" + recurrenceText
                            + "'");
        }
        String ownerRole = node.requireString("ownerRole", id);
        if (!OWNER_ROLES.contains(ownerRole)) {
            throw ContentValidationException.at(node.location(), id, "ownerRole must be one of " + OWNER_ROLES);
        }
        List<String> controlIds = node.strings("controls");
        if (controlIds.isEmpty()) {
            throw ContentValidationException.at(
                    node.location(), id, "an evidence task must prove at least one control");
        }
        for (String controlId : controlIds) {
            if (!controls.containsKey(controlId)) {
                throw ContentValidationException.at(
                        node.location(), id, "refers to unknown control '" + controlId + "'");
            }
        }
        EvidenceTaskDefinition task = new EvidenceTaskDefinition(
                id,
                node.requireString("title", id),
                node.requireString("description", id),
                recurrence,
                ownerRole,
                controlIds,
                node.location());
        node.rejectUnknownKeys(id);
        return task;
    }

    private Framework framework(String id) {
        String file = "frameworks/" + id + ".yaml";
        YamlNode node = read(file);
        String declaredId = node.requireString("id", id);
        if (!declaredId.equals(id)) {
            throw ContentValidationException.at(node.location(), id, "file declares id '" + declaredId + "'");
        }
        List<Requirement> requirements = new ArrayList<>();
        Map<String, ContentLocation> seen = new LinkedHashMap<>();
        for (YamlNode item : node.list("requirements")) {
            String requirementId = item.requireString("id", null);
            if (seen.putIfAbsent(requirementId, item.location()) != null) {
                throw ContentValidationException.at(
                        item.location(), requirementId, "defined twice (first at " + seen.get(requirementId) + ")");
            }
            requirements.add(new Requirement(
                    id,
                    requirementId,
                    item.requireString("title", requirementId),
                    item.requireString("summary", requirementId),
                    item.string("section"),
                    item.string("implementation"),
                    item.string("category"),
                    item.string("notApplicable")));
            item.rejectUnknownKeys(requirementId);
        }
        if (requirements.isEmpty()) {
            throw ContentValidationException.at(node.location(), id, "a framework needs requirements");
        }
        Framework framework = new Framework(
                id,
                node.requireString("name", id),
                node.string("fullName"),
                node.requireString("version", id),
                node.string("publisher"),
                node.string("url"),
                node.requireString("description", id),
                requirements);
        node.rejectUnknownKeys(id);
        return framework;
    }

    private CheckDefinition check(YamlNode node) {
        String id = node.requireString("id", null);
        if (!id.matches("[a-z0-9]+(\\.[a-z0-9-]+)+")) {
            throw ContentValidationException.at(node.location(), id, "check ids are lower-case and dotted");
        }
        String severity = node.requireString("severity", id).toLowerCase(Locale.ROOT);
        if (!SEVERITIES.contains(severity)) {
            throw ContentValidationException.at(node.location(), id, "severity must be one of " + SEVERITIES);
        }
        String implementationText = node.string("implementation");
        CheckDefinition.Implementation implementation;
        try {
            implementation = implementationText == null
                    ? CheckDefinition.Implementation.CEL
                    : CheckDefinition.Implementation.valueOf(implementationText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ContentValidationException.at(
                    node.location(), id, "implementation must be 'cel' or 'java', not '" + implementationText + "'");
        }
        String expression = node.string("expression");
        String observed = node.string("observed");
        String passReason = node.string("passReason");
        String failReason = node.string("failReason");
        if (implementation == CheckDefinition.Implementation.CEL) {
            for (String[] field : new String[][] {
                {"expression", expression},
                {"observed", observed},
                {"passReason", passReason},
                {"failReason", failReason}
            }) {
                if (field[1] == null || field[1].isBlank()) {
                    throw ContentValidationException.at(node.location(), id, "a CEL check needs '" + field[0] + "'");
                }
            }
        }
        String applicableWhen = node.string("applicableWhen");
        String notApplicableReason = node.string("notApplicableReason");
        if (applicableWhen != null && notApplicableReason == null) {
            throw ContentValidationException.at(
                    node.location(), id, "'applicableWhen' needs a 'notApplicableReason' to show when it is false");
        }
        YamlNode parametersNode = node.get("parameters");
        @SuppressWarnings("unchecked")
        Map<String, Object> parameters =
                parametersNode == null ? Map.of() : (Map<String, Object>) parametersNode.plain();
        List<String> requires = node.strings("requires");
        String resourceType = node.requireString("resourceType", id);
        ContentLocation location = node.location();
        CheckDefinition check = new CheckDefinition(
                id,
                node.requireString("title", id),
                resourceType,
                Severity.parse(severity),
                implementation,
                requires,
                applicableWhen,
                notApplicableReason,
                expression,
                observed,
                passReason,
                failReason,
                parameters == null ? Map.of() : parameters,
                node.requireString("rationale", id),
                node.requireString("remediation", id),
                fingerprint(
                        resourceType,
                        requires,
                        applicableWhen,
                        expression,
                        observed,
                        passReason,
                        failReason,
                        new TreeMap<>(parameters == null ? Map.of() : parameters).toString(),
                        implementation.name()),
                location);
        node.rejectUnknownKeys(id);
        return check;
    }

    private Control control(YamlNode node, List<Framework> frameworks, Map<String, CheckDefinition> checks) {
        String id = node.requireString("id", null);
        if (!id.matches("[a-z0-9]+(\\.[a-z0-9-]+)+")) {
            throw ContentValidationException.at(node.location(), id, "control ids are lower-case and dotted");
        }
        String ownerRole = node.requireString("ownerRole", id);
        if (!OWNER_ROLES.contains(ownerRole)) {
            throw ContentValidationException.at(node.location(), id, "ownerRole must be one of " + OWNER_ROLES);
        }
        String frequency = node.requireString("frequency", id);
        if (!FREQUENCIES.contains(frequency)) {
            throw ContentValidationException.at(node.location(), id, "frequency must be one of " + FREQUENCIES);
        }
        List<String> checkIds = node.strings("checks");
        for (String checkId : checkIds) {
            if (!checks.containsKey(checkId)) {
                throw ContentValidationException.at(node.location(), id, "refers to unknown check '" + checkId + "'");
            }
        }
        Map<String, List<String>> mappings = new LinkedHashMap<>();
        YamlNode mappingNode = node.get("mappings");
        if (mappingNode == null) {
            throw ContentValidationException.at(node.location(), id, "a control needs 'mappings'");
        }
        for (String frameworkId : mappingNode.keys()) {
            Framework framework = frameworks.stream()
                    .filter(f -> f.id().equals(frameworkId))
                    .findFirst()
                    .orElseThrow(() -> ContentValidationException.at(
                            mappingNode.location(), id, "maps to unknown framework '" + frameworkId + "'"));
            List<String> requirementIds = mappingNode.strings(frameworkId);
            for (String requirementId : requirementIds) {
                boolean known = framework.requirements().stream().anyMatch(r -> r.id().equals(requirementId));
                if (!known) {
                    throw ContentValidationException.at(
                            mappingNode.location(),
                            id,
                            "maps to unknown requirement '" + requirementId + "' of " + frameworkId);
                }
            }
            mappings.put(frameworkId, requirementIds);
        }
        Control control = new Control(
                id,
                node.requireString("title", id),
                node.requireString("description", id),
                node.requireString("category", id),
                ownerRole,
                frequency,
                checkIds,
                mappings);
        node.rejectUnknownKeys(id);
        return control;
    }

    private YamlNode read(String file) {
        Resource resource = resolver.getResource("classpath:" + root + "/" + file);
        if (!resource.exists()) {
            throw new ContentValidationException(root + "/" + file + ": file not found");
        }
        try (InputStream in = resource.getInputStream()) {
            return YamlNode.parse(file, in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read content file " + file, e);
        }
    }

    /** The YAML files of one content folder, in name order so loading is deterministic. */
    private List<String> files(String folder) {
        try {
            Resource[] resources = resolver.getResources("classpath*:" + root + "/" + folder + "/*.yaml");
            return Arrays.stream(resources)
                    .map(Resource::getFilename)
                    .sorted(Comparator.naturalOrder())
                    .map(name -> folder + "/" + name)
                    .distinct()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list content folder " + folder, e);
        }
    }

    private static String fingerprint(Object... parts) {
        StringBuilder text = new StringBuilder();
        for (Object part : parts) {
            text.append(part).append('\u0000');
        }
        return CanonicalJson.sha256(text.toString()).substring(0, 16);
    }

    /** Everything the content files define. */
    record CatalogContent(
            String version,
            List<Framework> frameworks,
            List<Control> controls,
            List<CheckDefinition> checks,
            List<EvidenceTaskDefinition> evidenceTasks) {}
}
