package dev.vigil.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The shipped content: loads, references resolve, and covers what the product promises. */
class CatalogContentTest {

    private final FrameworkCatalog catalog = FrameworkCatalog.load("content");

    @Test
    void shipsTheFiveFrameworks() {
        assertThat(catalog.frameworks())
                .extracting(Framework::id)
                .containsExactly("soc2", "iso27001-2022", "hipaa-security", "gdpr", "ccpa");
    }

    @Test
    void controlsWithChecksCoverEveryFramework() {
        List<Control> automated =
                catalog.controls().stream().filter(c -> !c.checkIds().isEmpty()).toList();
        assertThat(automated).hasSizeGreaterThanOrEqualTo(15);
        Set<String> covered = automated.stream()
                .flatMap(c -> c.mappings().entrySet().stream())
                .filter(e -> !e.getValue().isEmpty())
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrder("soc2", "iso27001-2022", "hipaa-security", "gdpr", "ccpa");
    }

    @Test
    void hasAtLeastTwentyChecksEachProvingAControl() {
        assertThat(catalog.checks()).hasSizeGreaterThanOrEqualTo(20);
        for (CheckDefinition check : catalog.checks()) {
            assertThat(catalog.controlsProvenBy(check.id()))
                    .as("controls proven by %s", check.id())
                    .isNotEmpty();
        }
    }

    @Test
    void everyControlSatisfiesAtLeastOneRequirement() {
        for (Control control : catalog.controls()) {
            assertThat(catalog.requirementsOf(control)).as(control.id()).isNotEmpty();
        }
    }

    @Test
    void coverageIsReportedPerFramework() {
        for (Framework framework : catalog.frameworks()) {
            Coverage coverage = catalog.coverage(framework.id()).orElseThrow();
            System.out.printf(
                    "%-15s requirements %3d, mapped %3d (automated %3d, manual only %3d), not applicable %2d,"
                            + " unmapped %3d%n",
                    framework.id(),
                    coverage.total(),
                    coverage.mapped(),
                    coverage.automated(),
                    coverage.manualOnly(),
                    coverage.notApplicable(),
                    coverage.unmapped().size());
            assertThat(coverage.automated() + coverage.manualOnly()).isEqualTo(coverage.mapped());
            assertThat(coverage.total()).isEqualTo(framework.requirements().size());
        }
    }

    @Test
    void everyShippedRequirementIsMappedOrNotApplicable() {
        for (Framework framework : catalog.frameworks()) {
            assertThat(catalog.coverage(framework.id()).orElseThrow().unmapped())
                    .as("requirements of %s no control covers", framework.id())
                    .isEmpty();
        }
    }

    @Test
    void requirementCountsMatchTheOfficialStructures() {
        List<Requirement> iso = catalog.framework("iso27001-2022").orElseThrow().requirements();
        assertThat(iso.stream().filter(r -> r.id().startsWith("A.")))
                .as("Annex A controls")
                .hasSize(93);
        assertThat(iso.stream().filter(r -> !r.id().startsWith("A.")))
                .as("clauses 4.1 to 10.2")
                .hasSize(30);
        List<Requirement> soc2 = catalog.framework("soc2").orElseThrow().requirements();
        assertThat(soc2.stream().filter(r -> r.id().startsWith("CC")))
                .as("common criteria")
                .hasSize(33);
        assertThat(soc2)
                .allSatisfy(r -> assertThat(r.category())
                        .isIn("security", "availability", "confidentiality", "processing-integrity", "privacy"));
        assertThat(catalog.controls()).hasSizeGreaterThanOrEqualTo(120);
    }

    @Test
    void hipaaRequirementsSayWhetherTheyAreRequiredOrAddressable() {
        catalog.framework("hipaa-security")
                .orElseThrow()
                .requirements()
                .forEach(r -> assertThat(r.implementation()).as(r.id()).isIn("required", "addressable"));
    }
}
