package dev.vigil;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/** Rules that matter, as executable checks. */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.vigil");

    @Test
    void connectorsArePlainJava() {
        noClasses()
                .that()
                .resideInAPackage("dev.vigil.connector..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "jakarta..")
                .because("connectors run outside any container and the SPI must stay plain Java")
                .check(classes);
    }

    @Test
    void theHostAgentStaysOutOfTheServer() {
        noClasses()
                .that()
                .resideInAPackage("dev.vigil.agent..")
                .and()
                .doNotHaveSimpleName("package-info") // only names its module for Spring Modulith's checks
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "jakarta..",
                        "java.sql..",
                        "dev.vigil.integration..",
                        "dev.vigil.inventory..",
                        "dev.vigil.evidence..",
                        "dev.vigil.monitoring..",
                        "dev.vigil.platform..",
                        "dev.vigil.identity..",
                        "dev.vigil.web..")
                .because("the agent runs on other machines without a Spring context or a database, and must start"
                        + " fast and stay small")
                .check(classes);
    }

    @Test
    void connectorsDoNotReachIntoThePlatform() {
        noClasses()
                .that()
                .resideInAPackage("dev.vigil.connector..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.vigil.integration..",
                        "dev.vigil.inventory..",
                        "dev.vigil.evidence..",
                        "dev.vigil.monitoring..",
                        "dev.vigil.platform..",
                        "dev.vigil.workspace..")
                .because("connectors only observe; the platform owns storage, scheduling and evidence")
                .check(classes);
    }

    @Test
    void everyEndpointDeclaresWhoMayCallIt() {
        methods()
                .that()
                .areAnnotatedWith(GetMapping.class)
                .or()
                .areAnnotatedWith(PostMapping.class)
                .or()
                .areAnnotatedWith(PutMapping.class)
                .or()
                .areAnnotatedWith(DeleteMapping.class)
                .or()
                .areAnnotatedWith(PatchMapping.class)
                .or()
                .areAnnotatedWith(RequestMapping.class)
                .should()
                .beAnnotatedWith(PreAuthorize.class)
                .because("an endpoint without an explicit rule is an endpoint nobody reviewed")
                .check(classes);
    }

    @Test
    void checksDoNotDependOnConnectors() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.vigil.monitoring..", "dev.vigil.catalog..", "dev.vigil.posture..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.vigil.connector..")
                .because("checks bind to resource types, never to the connector that produced them")
                .check(classes);
    }
}
