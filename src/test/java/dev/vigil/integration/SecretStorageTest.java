package dev.vigil.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.workspace.WorkspaceId;
import dev.vigil.workspace.Workspaces;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Credentials never sit in the database in clear: what a dump of the integration table holds is ciphertext
 * bound to the integration and field, and the connector still receives the real value.
 */
@SpringBootTest(properties = {"vigil.data-dir=target/test-data/secrets-${random.uuid}", "vigil.demo.enabled=false"})
class SecretStorageTest {

    @Autowired
    Integrations integrations;

    @Autowired
    Workspaces workspaces;

    @Autowired
    DataSource dataSource;

    @Test
    void secretsAreStoredEncryptedAndReachTheConnectorDecrypted() {
        WorkspaceId workspace = workspaces.findBySlug("default").orElseThrow().id();
        String secret = "s3cr3t-" + UUID.randomUUID();
        Integration integration = integrations.create(
                workspace,
                new IntegrationRequest(
                        "test-flaky",
                        "With a secret " + UUID.randomUUID(),
                        Map.of(
                                "key",
                                "secret-" + UUID.randomUUID(),
                                "token",
                                secret,
                                "expectedTokenReversed",
                                new StringBuilder(secret).reverse().toString()),
                        60,
                        true),
                "user:test");

        assertThat(integration.config()).doesNotContainKey("token");
        assertThat(integration.secretsSet()).containsExactly("token");
        String dump = JdbcClient.create(dataSource)
                .sql("select config::text from integration where id = ?")
                .param(integration.id())
                .query(String.class)
                .single();
        assertThat(dump).doesNotContain(secret).contains("vigil-encrypted:v1:");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> integrations
                        .latestRun(workspace, integration.id())
                        .filter(run -> run.status() == CollectionRun.RunStatus.SUCCEEDED)
                        .isPresent());

        // Copying the ciphertext to another integration does not move the secret: it is bound to its row.
        Integration other = integrations.create(
                workspace,
                new IntegrationRequest(
                        "test-flaky",
                        "Copy " + UUID.randomUUID(),
                        Map.of(
                                "key",
                                "copy-" + UUID.randomUUID(),
                                "token",
                                "placeholder",
                                "expectedTokenReversed",
                                new StringBuilder(secret).reverse().toString()),
                        60,
                        false),
                "user:test");
        String stolen = dump.replaceAll(".*\"token\": ?\"([^\"]+)\".*", "$1");
        JdbcClient.create(dataSource)
                .sql("update integration set config = jsonb_set(config, '{token}', to_jsonb(cast(? as text)))"
                        + " where id = ?")
                .params(stolen, other.id())
                .update();
        integrations.update(
                workspace,
                other.id(),
                new IntegrationRequest(
                        null,
                        other.name(),
                        Map.of(
                                "key",
                                "copy-x",
                                "expectedTokenReversed",
                                new StringBuilder(secret).reverse().toString()),
                        60,
                        true),
                "user:test");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> integrations
                        .latestRun(workspace, other.id())
                        .filter(run -> run.status() == CollectionRun.RunStatus.FAILED)
                        .isPresent());
        CollectionRun failed = integrations.latestRun(workspace, other.id()).orElseThrow();
        assertThat(failed.errorCategory()).isEqualTo("configuration");
        assertThat(failed.error()).contains("cannot be decrypted");
    }
}
