package dev.vigil.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vigil.workspace.WorkspaceId;
import dev.vigil.workspace.Workspaces;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** Failures that may pass are retried within a run; the others end the run at once with their category. */
@SpringBootTest(
        properties = {
            "vigil.data-dir=target/test-data/retry-${random.uuid}",
            "vigil.demo.enabled=false",
            "vigil.collection.retry-backoff=PT0.01S"
        })
class CollectionRetryTest {

    @Autowired
    Integrations integrations;

    @Autowired
    Workspaces workspaces;

    private CollectionRun finishedRun(String key, long failures, String category) {
        return finishedRun(Map.of("key", key, "failures", failures, "category", category), null);
    }

    private CollectionRun finishedRun(Map<String, Object> config, Integer timeoutSeconds) {
        WorkspaceId workspace = workspaces.findBySlug("default").orElseThrow().id();
        Integration integration = integrations.create(
                workspace,
                new IntegrationRequest("test-flaky", "Flaky " + UUID.randomUUID(), config, 60, true, timeoutSeconds),
                "user:test");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> integrations
                        .latestRun(workspace, integration.id())
                        .filter(run -> run.status() != CollectionRun.RunStatus.RUNNING)
                        .isPresent());
        return integrations.latestRun(workspace, integration.id()).orElseThrow();
    }

    @Test
    void aNetworkHiccupIsRetriedWithinTheRun() {
        CollectionRun run = finishedRun("hiccup", 2, "NETWORK");

        assertThat(run.status()).isEqualTo(CollectionRun.RunStatus.SUCCEEDED);
        assertThat(run.resourcesSeen()).isEqualTo(1);
        assertThat(FlakyConnectorFactory.ATTEMPTS.get("hiccup")).hasValue(3);
    }

    @Test
    void aLastingOutageFailsTheRunAfterThreeAttempts() {
        CollectionRun run = finishedRun("outage", 10, "RATE_LIMITED");

        assertThat(run.status()).isEqualTo(CollectionRun.RunStatus.FAILED);
        assertThat(run.errorCategory()).isEqualTo("rate-limited");
        assertThat(run.error()).isEqualTo("simulated RATE_LIMITED failure, attempt 3");
        assertThat(FlakyConnectorFactory.ATTEMPTS.get("outage")).hasValue(CollectionRunner.MAX_ATTEMPTS);
    }

    @Test
    void aWrongCredentialIsNotRetried() {
        CollectionRun run = finishedRun("denied", 10, "AUTHENTICATION");

        assertThat(run.status()).isEqualTo(CollectionRun.RunStatus.FAILED);
        assertThat(run.errorCategory()).isEqualTo("authentication");
        assertThat(FlakyConnectorFactory.ATTEMPTS.get("denied")).hasValue(1);
    }

    @Test
    void aHangingSystemFailsTheRunAtTheIntegrationsTimeoutWithoutRetries() {
        long started = System.nanoTime();
        CollectionRun run = finishedRun(Map.of("key", "hang", "hangMillis", 60_000), 5);

        assertThat(run.status()).isEqualTo(CollectionRun.RunStatus.FAILED);
        assertThat(run.errorCategory()).isEqualTo("network");
        assertThat(run.error()).contains("did not finish within the integration's timeout of 5 s");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aRunThatCouldNotReadEverythingIsPartial() {
        CollectionRun run = finishedRun(Map.of("key", "partial", "unreadable", "secrets"), null);

        assertThat(run.status()).isEqualTo(CollectionRun.RunStatus.PARTIAL);
        assertThat(run.errorCategory()).isEqualTo("partial");
        assertThat(run.error())
                .isEqualTo("Could not read 1 part: partial: secrets (permission denied reading secrets)");
        assertThat(run.resourcesSeen()).isEqualTo(1);
    }

    @Test
    void aTimeoutOutsideItsRangeIsRefused() {
        WorkspaceId workspace = workspaces.findBySlug("default").orElseThrow().id();
        assertThatThrownBy(() -> integrations.create(
                        workspace,
                        new IntegrationRequest("test-flaky", "Too slow", Map.of("key", "x"), 60, false, 7200),
                        "user:test"))
                .isInstanceOfSatisfying(
                        InvalidIntegrationException.class,
                        e -> assertThat(e.fieldErrors())
                                .containsEntry("timeoutSeconds", "must be between 5 and 3600 seconds"));
    }
}
