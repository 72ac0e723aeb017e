package dev.vigil.oscal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.catalog.Control;
import dev.vigil.catalog.EvidenceTaskDefinition;
import dev.vigil.catalog.FrameworkCatalog;
import dev.vigil.integration.CollectionRun;
import dev.vigil.integration.Integration;
import dev.vigil.integration.IntegrationRequest;
import dev.vigil.integration.Integrations;
import dev.vigil.posture.ControlStatus;
import dev.vigil.posture.PostureReport;
import dev.vigil.posture.PostureService;
import dev.vigil.workspace.WorkspaceId;
import dev.vigil.workspace.Workspaces;
import gov.nist.secauto.oscal.lib.OscalBindingContext;
import gov.nist.secauto.oscal.lib.model.Catalog;
import gov.nist.secauto.oscal.lib.model.CatalogGroup;
import gov.nist.secauto.oscal.lib.model.ComponentDefinition;
import gov.nist.secauto.oscal.lib.model.ComponentImplementedRequirement;
import gov.nist.secauto.oscal.lib.model.ControlPart;
import gov.nist.secauto.oscal.lib.model.DefinedComponent;
import gov.nist.secauto.oscal.lib.model.Property;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The OSCAL exports pass NIST's validation (the OSCAL JSON schema and the OSCAL models' constraints) and read back
 * with liboscal to the same controls, mappings and posture states Vigil shows; tampered exports fail it.
 */
@SpringBootTest(properties = {"vigil.data-dir=target/test-data/oscal", "vigil.demo.enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OscalExportTest {

    static final Path FIXTURE =
            Path.of("src/test/resources/fixtures/linux-host/debian12-stock").toAbsolutePath();
    static final Path OUT = Path.of("target/oscal");
    static final String KNOWN_CONTROL = "access.root-sign-in-restricted";

    @Autowired
    OscalExporter exporter;

    @Autowired
    FrameworkCatalog catalog;

    @Autowired
    PostureService posture;

    @Autowired
    Workspaces workspaces;

    @Autowired
    Integrations integrations;

    WorkspaceId workspace;

    @BeforeAll
    void aLinuxHostHasBeenCollected() {
        workspace = workspaces.ensureDefault().workspace().id();
        Integration integration = integrations.create(
                workspace,
                new IntegrationRequest(
                        "linux-host",
                        "OSCAL fixture " + UUID.randomUUID(),
                        Map.of("rootPath", FIXTURE.toString()),
                        60,
                        true),
                "test");
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> integrations
                        .latestRun(workspace, integration.id())
                        .filter(run -> run.status() == CollectionRun.RunStatus.SUCCEEDED)
                        .isPresent());
    }

    @Test
    void theCatalogPassesNistValidationAndHoldsEveryControlWithItsMappings() throws Exception {
        Path file = OUT.resolve("catalog.json");

        assertThat(OscalValidation.problems(exporter.catalog(), file)).isEmpty();

        Catalog loaded = OscalBindingContext.instance().newBoundLoader().load(Catalog.class, file);
        assertThat(loaded.getMetadata().getVersion()).isEqualTo(catalog.version());
        assertThat(loaded.getMetadata().getOscalVersion()).isEqualTo("1.1.3");
        Map<String, gov.nist.secauto.oscal.lib.model.Control> controls = loaded.getGroups().stream()
                .flatMap(group -> group.getControls().stream())
                .collect(Collectors.toMap(c -> c.getId(), Function.identity()));
        assertThat(controls).hasSize(catalog.controls().size());
        assertThat(loaded.getGroups().stream().map(CatalogGroup::getId))
                .containsExactlyElementsOf(catalog.controls().stream()
                        .map(Control::category)
                        .distinct()
                        .toList());

        gov.nist.secauto.oscal.lib.model.Control known = controls.get("access-root-sign-in-restricted");
        Control ours = catalog.control(KNOWN_CONTROL).orElseThrow();
        assertThat(known.getTitle().toMarkdown()).isEqualTo(ours.title());
        assertThat(values(known.getProps(), "vigil-id")).containsExactly(KNOWN_CONTROL);
        assertThat(values(known.getProps(), "owner-role")).containsExactly(ours.ownerRole());
        assertThat(values(known.getProps(), "frequency")).containsExactly(ours.frequency());
        assertThat(values(known.getProps(), "mapping"))
                .contains("soc2:CC6.1", "soc2:CC6.3", "iso27001-2022:A.8.2", "hipaa-security:164.312(a)(1)")
                .hasSize(ours.mappings().values().stream().mapToInt(List::size).sum());
        ControlPart statement = part(known.getParts(), "statement").orElseThrow();
        assertThat(statement.getProse().toMarkdown()).startsWith("Nobody signs in to servers directly as root");
        ControlPart checks = part(known.getParts(), "automated-checks").orElseThrow();
        assertThat(checks.getParts().stream().flatMap(p -> values(p.getProps(), "check-id").stream()))
                .containsExactlyElementsOf(ours.checkIds());
        assertThat(checks.getParts().get(0).getTitle().toMarkdown())
                .isEqualTo(catalog.check(ours.checkIds().get(0)).orElseThrow().title());

        EvidenceTaskDefinition task = catalog.evidenceTasks().get(0);
        gov.nist.secauto.oscal.lib.model.Control proven =
                controls.get(OscalExporter.controlId(task.controlIds().get(0)));
        ControlPart tasks = part(proven.getParts(), "evidence-tasks").orElseThrow();
        assertThat(tasks.getParts().stream().flatMap(p -> values(p.getProps(), "evidence-task-id").stream()))
                .contains(task.id());
    }

    @Test
    void theComponentDefinitionPassesNistValidationAndCarriesThePosture() throws Exception {
        Path file = OUT.resolve("component-definition.json");

        assertThat(OscalValidation.problems(exporter.componentDefinition(workspace), file))
                .isEmpty();

        ComponentDefinition loaded =
                OscalBindingContext.instance().newBoundLoader().load(ComponentDefinition.class, file);
        DefinedComponent component = loaded.getComponents().get(0);
        assertThat(loaded.getComponents()).hasSize(1);
        assertThat(component.getType()).isEqualTo("software");
        String source = component.getControlImplementations().get(0).getSource().toString();
        assertThat(source).startsWith("#");
        assertThat(loaded.getBackMatter().getResources())
                .anySatisfy(r -> assertThat("#" + r.getUuid()).isEqualTo(source));

        List<ComponentImplementedRequirement> requirements =
                component.getControlImplementations().get(0).getImplementedRequirements();
        PostureReport report = posture.report(workspace);
        assertThat(requirements).hasSize(catalog.controls().size());
        Map<String, String> states = requirements.stream()
                .collect(Collectors.toMap(
                        r -> r.getControlId(),
                        r -> values(r.getProps(), "posture-state").get(0)));
        for (ControlStatus status : report.controls()) {
            assertThat(states.get(OscalExporter.controlId(status.control().id())))
                    .as(status.control().id())
                    .isEqualTo(status.state().name());
        }
        assertThat(states.get("access-root-sign-in-restricted"))
                .as("the stock Debian fixture lets root sign in with a key")
                .isEqualTo("FAILING");
        assertThat(states.values()).contains("PASSING", "NEEDS_EVIDENCE");
    }

    // The three tampered exports prove the validation validates: one failure the JSON schema catches, two that
    // only the OSCAL constraints can.

    @Test
    void aControlWithoutIdFailsTheSchema() throws Exception {
        JSONObject tampered = new JSONObject(exporter.catalog());
        firstControl(tampered).remove("id");

        assertThat(OscalValidation.problems(tampered.toString(), OUT.resolve("tampered-no-id.json")))
                .anySatisfy(problem -> assertThat(problem)
                        .startsWith("CRITICAL")
                        .contains("/catalog/groups/0/controls/0")
                        .contains("required key [id] not found"));
    }

    @Test
    void aDuplicateControlIdFailsTheConstraints() throws Exception {
        JSONObject tampered = new JSONObject(exporter.catalog());
        JSONArray controls = tampered.getJSONObject("catalog")
                .getJSONArray("groups")
                .getJSONObject(0)
                .getJSONArray("controls");
        controls.getJSONObject(1).put("id", controls.getJSONObject(0).getString("id"));

        assertThat(OscalValidation.problems(tampered.toString(), OUT.resolve("tampered-duplicate-id.json")))
                .anySatisfy(problem ->
                        assertThat(problem).startsWith("ERROR").contains("Index 'catalog-controls' has duplicate key"));
    }

    @Test
    void aVigilPropertyOutsideOurNamespaceFailsTheConstraints() throws Exception {
        JSONObject tampered = new JSONObject(exporter.catalog());
        firstControl(tampered).getJSONArray("props").getJSONObject(0).remove("ns");

        assertThat(OscalValidation.problems(tampered.toString(), OUT.resolve("tampered-namespace.json")))
                .singleElement()
                .satisfies(problem -> assertThat(problem)
                        .startsWith("ERROR")
                        .contains("/catalog/group[1]/control[1]/prop[1]/@name")
                        .contains("Value 'vigil-id' doesn't match"));
    }

    private static JSONObject firstControl(JSONObject catalog) {
        return catalog.getJSONObject("catalog")
                .getJSONArray("groups")
                .getJSONObject(0)
                .getJSONArray("controls")
                .getJSONObject(0);
    }

    private static List<String> values(List<Property> props, String name) {
        return props.stream()
                .filter(p -> p.getName().equals(name))
                .filter(p -> p.getNs() != null && p.getNs().toString().equals(OscalExporter.NAMESPACE))
                .map(Property::getValue)
                .toList();
    }

    private static Optional<ControlPart> part(List<ControlPart> parts, String name) {
        return parts.stream().filter(p -> p.getName().equals(name)).findFirst();
    }
}
