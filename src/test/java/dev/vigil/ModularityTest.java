package dev.vigil;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** The capabilities form a DAG and only use each other's APIs (root packages). */
class ModularityTest {

    private final ApplicationModules modules = ApplicationModules.of(VigilApplication.class);

    @Test
    void modulesRespectTheirBoundaries() {
        modules.verify();
    }

    @Test
    void documentModules() {
        // Writes module diagrams and a canvas per module to target/spring-modulith-docs for DEVELOPING.md readers.
        new Documenter(modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
    }
}
