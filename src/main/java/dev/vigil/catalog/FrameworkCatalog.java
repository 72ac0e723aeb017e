package dev.vigil.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Frameworks, requirements, controls and check definitions, loaded once at start from the content files.
 * Immutable after construction and safe to share between threads.
 */
@Service
public class FrameworkCatalog {

    private static final Logger log = LoggerFactory.getLogger(FrameworkCatalog.class);

    private final String version;
    private final Map<String, Framework> frameworks;
    private final Map<String, Control> controls;
    private final Map<String, CheckDefinition> checks;
    private final Map<String, EvidenceTaskDefinition> evidenceTasks;

    public FrameworkCatalog() {
        this(new ContentLoader("content").load());
        log.info(
                "Catalog {} loaded: {} frameworks, {} requirements, {} controls, {} checks, {} evidence tasks",
                version,
                frameworks.size(),
                frameworks.values().stream()
                        .mapToInt(f -> f.requirements().size())
                        .sum(),
                controls.size(),
                checks.size(),
                evidenceTasks.size());
    }

    FrameworkCatalog(ContentLoader.CatalogContent content) {
        this.version = content.version();
        this.frameworks = index(content.frameworks(), Framework::id);
        this.controls = index(content.controls(), Control::id);
        this.checks = index(content.checks(), CheckDefinition::id);
        this.evidenceTasks = index(content.evidenceTasks(), EvidenceTaskDefinition::id);
    }

    /** Loads content from another classpath root; for tests of the content rules. */
    public static FrameworkCatalog load(String classpathRoot) {
        return new FrameworkCatalog(new ContentLoader(classpathRoot).load());
    }

    private static <T> Map<String, T> index(List<T> items, Function<T, String> id) {
        return items.stream().collect(Collectors.toMap(id, t -> t, (a, b) -> a, LinkedHashMap::new));
    }

    /** Content version, for example {@code 2026.11.0}. */
    public String version() {
        return version;
    }

    public List<Framework> frameworks() {
        return List.copyOf(frameworks.values());
    }

    public Optional<Framework> framework(String id) {
        return Optional.ofNullable(frameworks.get(id));
    }

    public Optional<Requirement> requirement(String frameworkId, String requirementId) {
        return framework(frameworkId)
                .flatMap(f -> f.requirements().stream()
                        .filter(r -> r.id().equals(requirementId))
                        .findFirst());
    }

    public List<Control> controls() {
        return List.copyOf(controls.values());
    }

    public Optional<Control> control(String id) {
        return Optional.ofNullable(controls.get(id));
    }

    public List<CheckDefinition> checks() {
        return List.copyOf(checks.values());
    }

    public Optional<CheckDefinition> check(String id) {
        return Optional.ofNullable(checks.get(id));
    }

    public List<CheckDefinition> checksFor(String resourceType) {
        return checks.values().stream()
                .filter(c -> c.resourceType().equals(resourceType))
                .toList();
    }

    public List<EvidenceTaskDefinition> evidenceTasks() {
        return List.copyOf(evidenceTasks.values());
    }

    public Optional<EvidenceTaskDefinition> evidenceTask(String id) {
        return Optional.ofNullable(evidenceTasks.get(id));
    }

    /** Evidence tasks that prove a control. */
    public List<EvidenceTaskDefinition> evidenceTasksFor(String controlId) {
        return evidenceTasks.values().stream()
                .filter(t -> t.controlIds().contains(controlId))
                .toList();
    }

    /** Controls mapped to one requirement. */
    public List<Control> controlsFor(String frameworkId, String requirementId) {
        return controls.values().stream()
                .filter(c -> c.mappings().getOrDefault(frameworkId, List.of()).contains(requirementId))
                .toList();
    }

    /** Controls that a check proves. */
    public List<Control> controlsProvenBy(String checkId) {
        return controls.values().stream()
                .filter(c -> c.checkIds().contains(checkId))
                .toList();
    }

    /** Requirements a control satisfies, across frameworks, in framework order. */
    public List<Requirement> requirementsOf(Control control) {
        List<Requirement> requirements = new ArrayList<>();
        for (Framework framework : frameworks.values()) {
            for (String requirementId : control.mappings().getOrDefault(framework.id(), List.of())) {
                requirement(framework.id(), requirementId).ifPresent(requirements::add);
            }
        }
        return requirements;
    }

    /** How completely the controls cover a framework's requirements. */
    public Optional<Coverage> coverage(String frameworkId) {
        return framework(frameworkId).map(framework -> {
            int mapped = 0;
            int automated = 0;
            int notApplicable = 0;
            List<String> unmapped = new ArrayList<>();
            for (Requirement requirement : framework.requirements()) {
                List<Control> covering = controlsFor(frameworkId, requirement.id());
                if (!requirement.inScope()) {
                    notApplicable++;
                } else if (covering.isEmpty()) {
                    unmapped.add(requirement.id());
                }
                if (!covering.isEmpty()) {
                    mapped++;
                    if (covering.stream().anyMatch(c -> !c.checkIds().isEmpty())) {
                        automated++;
                    }
                }
            }
            return new Coverage(
                    frameworkId,
                    framework.requirements().size(),
                    mapped,
                    automated,
                    mapped - automated,
                    notApplicable,
                    unmapped);
        });
    }

    /** Checks ordered by severity then id, as failing lists show them. */
    public static Comparator<CheckDefinition> bySeverity() {
        return Comparator.comparing(CheckDefinition::severity).thenComparing(CheckDefinition::id);
    }
}
