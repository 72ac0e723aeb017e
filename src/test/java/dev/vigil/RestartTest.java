package dev.vigil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.evidence.EvidenceLedger;
import dev.vigil.identity.ApiTokens;
import dev.vigil.integration.CollectionRun;
import dev.vigil.integration.Integration;
import dev.vigil.integration.Integrations;
import dev.vigil.monitoring.CheckResults;
import dev.vigil.monitoring.CurrentResult;
import dev.vigil.monitoring.ResultFilter;
import dev.vigil.workspace.Workspace;
import dev.vigil.workspace.Workspaces;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Vigil stopped and started again on the same data directory finds everything it had. */
class RestartTest {

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start() {
        // Command-line arguments, as an operator would pass them; they take precedence over application.yml.
        return new SpringApplicationBuilder(VigilApplication.class)
                .run(
                        "--server.port=0",
                        "--vigil.data-dir=" + dataDir,
                        "--vigil.admin.email=owner@example.com",
                        "--vigil.admin.password=correct-horse-battery-staple",
                        "--vigil.admin.api-token=restart-token-0123456789");
    }

    @Test
    void dataSurvivesARestart() {
        UUID workspaceId;
        UUID integrationId;
        List<CurrentResult> resultsBefore;
        List<CollectionRun> runsBefore;
        try (ConfigurableApplicationContext first = start()) {
            Workspace workspace =
                    first.getBean(Workspaces.class).findBySlug("default").orElseThrow();
            workspaceId = workspace.id().value();
            Integrations integrations = first.getBean(Integrations.class);
            Integration demo = integrations.list(workspace.id()).get(0);
            integrationId = demo.id();
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> integrations
                            .latestRun(workspace.id(), demo.id())
                            .filter(run -> run.status() == CollectionRun.RunStatus.SUCCEEDED)
                            .isPresent());
            resultsBefore = first.getBean(CheckResults.class).current(workspace.id(), ResultFilter.all());
            runsBefore = integrations.runs(workspace.id(), demo.id(), null, 10);
            assertThat(resultsBefore).isNotEmpty();
        }

        try (ConfigurableApplicationContext second = start()) {
            Workspaces workspaces = second.getBean(Workspaces.class);
            assertThat(workspaces.all()).hasSize(1);
            Workspace workspace = workspaces.findBySlug("default").orElseThrow();
            assertThat(workspace.id().value()).isEqualTo(workspaceId);

            Integrations integrations = second.getBean(Integrations.class);
            assertThat(integrations.list(workspace.id()))
                    .as("first start does not add the demo integration twice")
                    .extracting(Integration::id)
                    .containsExactly(integrationId);
            assertThat(integrations.runs(workspace.id(), integrationId, null, 10))
                    .extracting(CollectionRun::id)
                    .containsAll(runsBefore.stream().map(CollectionRun::id).toList());
            assertThat(second.getBean(CheckResults.class).current(workspace.id(), ResultFilter.all()))
                    .extracting(CurrentResult::id)
                    .containsAll(resultsBefore.stream().map(CurrentResult::id).toList());
            assertThat(second.getBean(EvidenceLedger.class).firstBrokenRecord(workspace.id()))
                    .isEmpty();
            assertThat(second.getBean(ApiTokens.class).authenticate("restart-token-0123456789"))
                    .isPresent();
        }
    }
}
