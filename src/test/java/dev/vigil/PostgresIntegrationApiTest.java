package dev.vigil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.connector.postgres.PostgresTestServers;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The postgres connector through the platform, over HTTP: an integration created with the REST API collects a
 * real server and its checks produce results; "test connection" reports a role without grants as a partial
 * read and a wrong password as an authentication failure.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "vigil.data-dir=target/test-data/postgres-api-${random.uuid}",
            "vigil.demo.enabled=false",
            "vigil.admin.email=owner@example.com",
            "vigil.admin.password=correct-horse-battery-staple",
            "vigil.admin.api-token=" + PostgresIntegrationApiTest.TOKEN,
        })
class PostgresIntegrationApiTest {

    static final String TOKEN = "postgres-test-token-0123456789";

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    private record Response(int status, String text, JsonNode body) {}

    private Response call(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN)
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(
                response.statusCode(),
                response.body(),
                response.body().isBlank() ? null : json.readTree(response.body()));
    }

    private static String config(EmbeddedPostgres server, String user, String password, String sslMode) {
        return "{\"host\":\"localhost\",\"port\":" + server.getPort() + ",\"username\":\"" + user + "\",\"password\":\""
                + password + "\",\"sslmode\":\"" + sslMode + "\"}";
    }

    @Test
    void anIntegrationCollectsTheServerAndItsChecksProduceResults() throws Exception {
        EmbeddedPostgres server = PostgresTestServers.hardened();
        Response created = call(
                "POST",
                "/api/v1/integrations",
                "{\"connector\":\"postgres\",\"name\":\"Orders database " + UUID.randomUUID() + "\",\"config\":"
                        + config(server, PostgresTestServers.MONITOR, PostgresTestServers.MONITOR_PASSWORD, "require")
                        + "}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text()).doesNotContain(PostgresTestServers.MONITOR_PASSWORD);
        String id = created.body().get("id").asString();

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    JsonNode runs = call("GET", "/api/v1/integrations/" + id + "/runs", null)
                            .body();
                    return runs.size() > 0
                            && !runs.get(0).get("status").asString().equals("RUNNING");
                });
        JsonNode run =
                call("GET", "/api/v1/integrations/" + id + "/runs", null).body().get(0);
        assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("resourcesSeen").asInt()).isEqualTo(1);

        JsonNode results = call("GET", "/api/v1/results?integration=" + id + "&limit=100", null)
                .body();
        assertThat(results.size()).isEqualTo(16);
        JsonNode ssl = call("GET", "/api/v1/results?integration=" + id + "&check=postgres.ssl-enabled", null)
                .body()
                .get(0);
        assertThat(ssl.get("status").asString()).isEqualTo("PASS");
        assertThat(ssl.get("resource").get("type").asString()).isEqualTo("database.postgres");
        assertThat(ssl.get("resource").get("externalId").asString()).isEqualTo("localhost:" + server.getPort());
        assertThat(call("GET", "/api/v1/integrations/" + id, null).text())
                .doesNotContain(PostgresTestServers.MONITOR_PASSWORD);
    }

    @Test
    void testConnectionReportsMissingGrantsAsAPartialRead() throws Exception {
        JsonNode test = call(
                        "POST",
                        "/api/v1/connectors/postgres/test",
                        "{\"config\":"
                                + config(
                                        PostgresTestServers.hardened(),
                                        PostgresTestServers.RESTRICTED,
                                        PostgresTestServers.RESTRICTED_PASSWORD,
                                        "require")
                                + "}")
                .body();

        assertThat(test.get("ok").asBoolean()).isFalse();
        assertThat(test.get("steps")
                        .valueStream()
                        .map(s -> s.get("name").asString() + "="
                                + s.get("outcome").asString()))
                .containsExactly("settings=PASSED", "connect=PASSED", "read database.postgres=PARTIAL");
        assertThat(test.get("steps").get(2).get("detail").asString())
                .contains("hbaRules (role app_reader may not read pg_hba rules");
    }

    @Test
    void testConnectionReportsAWrongPasswordAsAnAuthenticationFailure() throws Exception {
        JsonNode test = call(
                        "POST",
                        "/api/v1/connectors/postgres/test",
                        "{\"config\":"
                                + config(
                                        PostgresTestServers.hardened(), PostgresTestServers.MONITOR, "wrong", "require")
                                + "}")
                .body();

        assertThat(test.get("ok").asBoolean()).isFalse();
        assertThat(test.get("steps").get(1).get("outcome").asString()).isEqualTo("FAILED");
        assertThat(test.get("steps").get(1).get("detail").asString())
                .isEqualTo("authentication: The server at localhost:"
                        + PostgresTestServers.hardened().getPort() + " rejected the password of role vigil_monitor.");
    }
}
