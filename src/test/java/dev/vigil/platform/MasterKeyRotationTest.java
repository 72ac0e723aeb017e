package dev.vigil.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rotating the master key while Vigil runs: every stored secret is encrypted again with the new key, the old key
 * is gone from the key file, the secrets still work — and at no point does the database hold one in clear.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "vigil.data-dir=target/test-data/rotation-${random.uuid}",
            "vigil.demo.enabled=false",
            "vigil.admin.email=owner@example.com",
            "vigil.admin.password=correct-horse-battery-staple",
            "vigil.admin.api-token=" + MasterKeyRotationTest.TOKEN,
        })
class MasterKeyRotationTest {

    static final String TOKEN = "rotation-token-0123456789abcdef";
    static final String DATABASE_PASSWORD = "Pg-Password-That-Must-Stay-Hidden";
    static final String SIGNING_SECRET = "Signing-Secret-That-Must-Stay-Hidden";

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    VigilProperties properties;

    private final HttpClient http = HttpClient.newHttpClient();

    JsonNode call(String method, String path, Object body, int expected) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as(method + " " + path + ": " + response.body())
                .isEqualTo(expected);
        return response.body().isBlank() ? null : json.readTree(response.body());
    }

    /** Every text and JSON value in every table, as a dump would hold it. */
    private List<String> databaseText() {
        List<String> values = new ArrayList<>();
        for (Map<String, Object> column : jdbc.sql("select table_name, column_name from information_schema.columns"
                        + " where table_schema = 'public' and data_type in ('text', 'jsonb', 'character varying')")
                .query()
                .listOfRows()) {
            values.addAll(jdbc.sql("select cast(\"" + column.get("column_name") + "\" as text) from \""
                            + column.get("table_name") + "\"")
                    .query(String.class)
                    .list());
        }
        return values;
    }

    private List<String> storedSecrets() {
        List<String> values = new ArrayList<>(jdbc.sql("select cast(config as text) from integration")
                .query(String.class)
                .list());
        values.addAll(jdbc.sql("select event_secret from integration where event_secret is not null")
                .query(String.class)
                .list());
        values.addAll(jdbc.sql("select cast(config as text) from alert_channel")
                .query(String.class)
                .list());
        return values;
    }

    @Test
    void rotationReencryptsEverySecretAndTheDatabaseNeverHoldsOneInClear() throws Exception {
        List<String> received = new ArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes());
            String timestamp = exchange.getRequestHeaders().getFirst("Vigil-Timestamp");
            received.add(exchange.getRequestHeaders().getFirst("Vigil-Signature") + " " + hmac(timestamp + "." + body));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String integration = call(
                            "POST",
                            "/api/v1/integrations",
                            Map.of(
                                    "connector",
                                    "postgres",
                                    "name",
                                    "Customer database",
                                    "enabled",
                                    false,
                                    "intervalMinutes",
                                    60,
                                    "config",
                                    Map.of(
                                            "host", "127.0.0.1",
                                            "username", "vigil_monitor",
                                            "password", DATABASE_PASSWORD)),
                            201)
                    .get("id")
                    .asString();
            String channel = call(
                            "POST",
                            "/api/v1/alert-channels",
                            Map.of(
                                    "type", "webhook",
                                    "name", "Receiver",
                                    "config",
                                            Map.of(
                                                    "url",
                                                    "http://127.0.0.1:"
                                                            + receiver.getAddress()
                                                                    .getPort() + "/hook",
                                                    "secret",
                                                    SIGNING_SECRET)),
                            201)
                    .get("id")
                    .asString();
            String eventSecret = call("POST", "/api/v1/integrations/" + integration + "/event-secret", null, 200)
                    .get("secret")
                    .asString();

            assertThat(databaseText())
                    .as("before rotation")
                    .noneMatch(v -> v != null
                            && (v.contains(DATABASE_PASSWORD)
                                    || v.contains(SIGNING_SECRET)
                                    || v.contains(eventSecret)));
            List<String> before = storedSecrets();
            JsonNode keys = call("GET", "/api/v1/master-key", null, 200);
            assertThat(keys.get("rotatable").asBoolean()).isTrue();
            int oldKey = keys.get("keyIds").get(0).asInt();

            JsonNode report = call("POST", "/api/v1/master-key/rotate", null, 200);
            assertThat(report.get("reencrypted").get("integration secrets").asInt())
                    .isEqualTo(2);
            assertThat(report.get("reencrypted").get("alert channel secrets").asInt())
                    .isEqualTo(1);
            assertThat(report.get("retiredKeys").asInt()).isEqualTo(1);

            JsonNode after = call("GET", "/api/v1/master-key", null, 200);
            assertThat(after.get("keyIds").size()).isEqualTo(1);
            assertThat(after.get("keyIds").get(0).asInt()).isNotEqualTo(oldKey);
            Path keyFile = properties.dataDir().resolve("master-key.json");
            assertThat(Files.readString(keyFile)).doesNotContain("\"keyId\":" + oldKey + ",");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
                    .isEqualTo("rw-------");
            assertThat(storedSecrets()).as("every ciphertext was replaced").doesNotContainAnyElementsOf(before);
            assertThat(databaseText())
                    .as("after rotation")
                    .noneMatch(v -> v != null
                            && (v.contains(DATABASE_PASSWORD)
                                    || v.contains(SIGNING_SECRET)
                                    || v.contains(eventSecret)));

            JsonNode test = call("POST", "/api/v1/alert-channels/" + channel + "/test", null, 200);
            assertThat(test.get("delivered").asBoolean()).as(test.toString()).isTrue();
            assertThat(received).singleElement().satisfies(line -> {
                String[] parts = line.split(" ");
                assertThat(parts[0])
                        .as("signed with the secret decrypted under the new key")
                        .isEqualTo(parts[1]);
            });
            String body = "{}";
            long timestamp = Instant.now().getEpochSecond();
            HttpResponse<String> event = http.send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://localhost:" + port + "/api/v1/integrations/" + integration + "/events"))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .header("Vigil-Event-Id", UUID.randomUUID().toString())
                            .header("Vigil-Timestamp", Long.toString(timestamp))
                            .header("Vigil-Signature", "v1=" + hmac(eventSecret, timestamp + "." + body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(event.statusCode()).as(event.body()).isEqualTo(202);
            assertThat(call("POST", "/api/v1/integrations/" + integration + "/test", null, 200)
                            .toString())
                    .as("the database password still decrypts (the connection itself fails: nothing listens)")
                    .doesNotContain("cannot be decrypted");
        } finally {
            receiver.stop(0);
        }
    }

    private static String hmac(String content) {
        return "v1=" + hmac(SIGNING_SECRET, content);
    }

    private static String hmac(String secret, String content) {
        return Hmac.sha256Hex(secret, content);
    }
}
