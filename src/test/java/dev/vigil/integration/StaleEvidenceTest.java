package dev.vigil.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.monitoring.CheckResults;
import dev.vigil.monitoring.CheckStatus;
import dev.vigil.monitoring.CurrentResult;
import dev.vigil.monitoring.ResultFilter;
import dev.vigil.workspace.WorkspaceId;
import dev.vigil.workspace.Workspaces;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** Results stop vouching once their evidence is older than twice the interval, and recover on the next run. */
@SpringBootTest(properties = {"vigil.data-dir=target/test-data/stale-${random.uuid}", "vigil.demo.enabled=false"})
class StaleEvidenceTest {

    @Autowired
    Integrations integrations;

    @Autowired
    StaleEvidence staleEvidence;

    @Autowired
    CheckResults results;

    @Autowired
    Workspaces workspaces;

    private void awaitSucceededRuns(WorkspaceId workspace, UUID id, int count) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> integrations.runs(workspace, id, null, 10).stream()
                                .filter(run -> run.status() == CollectionRun.RunStatus.SUCCEEDED)
                                .count()
                        >= count);
    }

    @Test
    void staleEvidenceTurnsResultsToErrorUntilTheNextSuccessfulRun() {
        WorkspaceId workspace = workspaces.findBySlug("default").orElseThrow().id();
        String root = Path.of("src/test/resources/fixtures/linux-host/debian12-stock")
                .toAbsolutePath()
                .toString();
        Integration integration = integrations.create(
                workspace,
                new IntegrationRequest("linux-host", "Stock host", Map.of("rootPath", root), 5, true),
                "user:test");
        awaitSucceededRuns(workspace, integration.id(), 1);
        ResultFilter ofIntegration = new ResultFilter(integration.id(), null, null, null);
        List<CurrentResult> fresh = results.current(workspace, ofIntegration);
        assertThat(fresh).isNotEmpty().noneMatch(r -> r.reason().contains("stale"));

        Instant now = Instant.now();
        assertThat(staleEvidence.sweep(now.plus(Duration.ofMinutes(9))))
                .as("within twice the interval nothing is stale")
                .isZero();
        assertThat(staleEvidence.sweep(now.plus(Duration.ofMinutes(11)))).isEqualTo(fresh.size());
        assertThat(staleEvidence.sweep(now.plus(Duration.ofMinutes(12))))
                .as("already stale")
                .isZero();

        List<CurrentResult> stale = results.current(workspace, ofIntegration);
        assertThat(stale).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(CheckStatus.ERROR);
            assertThat(r.reason()).contains("Evidence is stale").contains("'Stock host'");
        });
        assertThat(results.driftEvents(workspace, null, "host.ssh-root-login-disabled", 10))
                .anySatisfy(event -> {
                    assertThat(event.cause()).isEqualTo("stale");
                    assertThat(event.previousStatus()).isEqualTo(CheckStatus.FAIL);
                    assertThat(event.status()).isEqualTo(CheckStatus.ERROR);
                });

        integrations.runNow(workspace, integration.id(), "user:test");
        awaitSucceededRuns(workspace, integration.id(), 2);
        List<CurrentResult> recovered = results.current(workspace, ofIntegration);
        assertThat(recovered).noneMatch(r -> r.reason().contains("stale"));
        assertThat(recovered)
                .filteredOn(r -> r.checkId().equals("host.ssh-root-login-disabled"))
                .singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(CheckStatus.FAIL));
    }
}
