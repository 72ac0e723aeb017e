package dev.vigil.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.HostAgent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The host agent end to end: a linux-agent integration and its token through the API, the agent's own code
 * observing a host tree and pushing it (in this JVM, and as a real child process), the results and drift events
 * it causes, every way a report is refused without anything stored changing, and stale evidence when the agent
 * stops.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "vigil.data-dir=target/test-data/agent-${random.uuid}",
            "vigil.demo.enabled=false",
            "vigil.admin.email=owner@example.com",
            "vigil.admin.password=correct-horse-battery-staple",
            "vigil.admin.api-token=" + AgentReportsTest.TOKEN,
            "vigil.agent.min-report-interval=3s",
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentReportsTest {

    static final String TOKEN = "agent-test-token-0123456789abcdef";
    static final String CHECK = "host.ssh-root-login-disabled";
    static final Duration MIN_INTERVAL = Duration.ofSeconds(3);

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StaleEvidence staleEvidence;

    @TempDir
    static Path hosts;

    private final HttpClient http = HttpClient.newHttpClient();
    private Path root;
    private Path sshdConfig;
    private String integrationId;
    private String agentToken;
    private String otherIntegrationId;
    private String otherAgentToken;

    record Response(int status, JsonNode body, HttpResponse<String> raw) {}

    Response call(String method, String path, Object body, String token) throws Exception {
        return send(method, path, body == null ? null : json.writeValueAsBytes(body), token);
    }

    Response send(String method, String path, byte[] body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(
                response.statusCode(), response.body().isBlank() ? null : json.readTree(response.body()), response);
    }

    Response report(String integration, byte[] body, String token) throws Exception {
        return send("POST", "/api/v1/integrations/" + integration + "/agent-reports", body, token);
    }

    @BeforeAll
    void hostAndIntegrations() throws Exception {
        root = copyFixture("debian12-stock");
        sshdConfig = root.resolve("etc/ssh/sshd_config");
        integrationId = createAgentIntegration("Remote web server");
        agentToken = rotate(integrationId);
        otherIntegrationId = createAgentIntegration("Remote database server");
        otherAgentToken = rotate(otherIntegrationId);
    }

    private String createAgentIntegration(String name) throws Exception {
        Response created = call(
                "POST",
                "/api/v1/integrations",
                Map.of("connector", "linux-agent", "name", name, "intervalMinutes", 5),
                TOKEN);
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        return created.body().get("id").asString();
    }

    private String rotate(String integration) throws Exception {
        Response token = call("POST", "/api/v1/integrations/" + integration + "/agent-token", null, TOKEN);
        assertThat(token.status()).as(String.valueOf(token.body())).isEqualTo(200);
        return token.body().get("token").asString();
    }

    @Test
    @Order(1)
    void anAgentIntegrationIsNeverCollectedByTheServerAndItsTokenIsShownOnce() throws Exception {
        assertThat(agentToken).startsWith("vag_" + integrationId.replace("-", "") + "_");
        JsonNode integration = call("GET", "/api/v1/integrations/" + integrationId, null, TOKEN)
                .body();
        assertThat(integration.get("agent").get("tokenCreatedBy").asString()).startsWith("token:VIGIL_ADMIN_API_TOKEN");
        assertThat(integration.get("agent").get("lastReportAt").isNull()).isTrue();
        assertThat(integration.get("nextRunAt").isNull()).isTrue();
        assertThat(integration.toString()).doesNotContain(agentToken.substring(40));
        Thread.sleep(2_500); // longer than db-scheduler's polling interval: a scheduled run would have started
        assertThat(call("GET", "/api/v1/integrations/" + integrationId + "/runs", null, TOKEN)
                        .body()
                        .size())
                .isZero();
        Response runNow = call("POST", "/api/v1/integrations/" + integrationId + "/runs", null, TOKEN);
        assertThat(runNow.status()).isEqualTo(400);
        assertThat(runNow.body().get("errors").get("connector").asString()).contains("agent");

        Response linuxHost = call(
                "POST",
                "/api/v1/integrations",
                Map.of(
                        "connector",
                        "linux-host",
                        "name",
                        "Polled host",
                        "enabled",
                        false,
                        "config",
                        Map.of("rootPath", root.toString())),
                TOKEN);
        Response refused = call(
                "POST", "/api/v1/integrations/" + linuxHost.body().get("id").asString() + "/agent-token", null, TOKEN);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("errors").get("connector").asString()).contains("linux-agent");
    }

    @Test
    @Order(2)
    void aReportIsRecordedAsARunAndEvaluatedAtOnce() throws Exception {
        int exit = HostAgent.run(
                "--server", "http://127.0.0.1:" + port, "--token", agentToken, "--root", root.toString(), "--once");
        assertThat(exit).isZero();

        JsonNode runs = call("GET", "/api/v1/integrations/" + integrationId + "/runs", null, TOKEN)
                .body();
        assertThat(runs.size()).isEqualTo(1);
        assertThat(runs.get(0).get("trigger").asString()).isEqualTo("agent");
        assertThat(runs.get(0).get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(runs.get(0).get("resourcesSeen").asInt()).isEqualTo(1);

        JsonNode result = result();
        assertThat(result.get("status").asString()).isEqualTo("FAIL");
        assertThat(result.get("resource").get("externalId").asString()).isEqualTo("debian-stock");
        assertThat(result.get("evidenceId").isNull()).isFalse();
        JsonNode first =
                driftEvents(result.get("resource").get("id").asString()).get(0);
        assertThat(first.get("cause").asString()).isEqualTo("agent");
        assertThat(first.get("status").asString()).isEqualTo("FAIL");

        JsonNode agent = call("GET", "/api/v1/integrations/" + integrationId, null, TOKEN)
                .body()
                .get("agent");
        assertThat(agent.get("hostname").asString()).isEqualTo("debian-stock");
        assertThat(agent.get("version").asString()).isNotBlank();
        assertThat(agent.get("lastRunId").asString())
                .isEqualTo(runs.get(0).get("id").asString());
        assertThat(Instant.parse(agent.get("lastReportAt").asString()))
                .isAfter(Instant.now().minusSeconds(60));

        String evidence = jdbc.sql("select content::text from evidence where id = ?")
                .param(UUID.fromString(result.get("evidenceId").asString()))
                .query(String.class)
                .single();
        assertThat(evidence).contains("\"connector\": \"linux-agent\"").contains("\"kind\": \"agent\"");
        // The first report is the new host's baseline, shown in the posture; it is not drift.
        Thread.sleep(1_000);
        assertThat(call("GET", "/api/v1/alerts", null, TOKEN).body().size()).isZero();
    }

    @Test
    @Order(3)
    void aChangeOnTheHostPushedByTheAgentProcessFlipsTheCheck() throws Exception {
        String config = Files.readString(sshdConfig);
        Files.writeString(sshdConfig, "PermitRootLogin no\n" + config);
        Thread.sleep(MIN_INTERVAL.toMillis());

        Path log = hosts.resolve("agent.log");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.vigil.VigilApplication",
                "agent",
                "--server",
                "http://127.0.0.1:" + port,
                "--root",
                root.toString(),
                "--once");
        builder.environment().put("VIGIL_AGENT_TOKEN", agentToken);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        Process agent = builder.start();
        assertThat(agent.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log);
        assertThat(agent.exitValue()).as(output).isZero();
        assertThat(output).contains("recorded").doesNotContain(agentToken);

        JsonNode result = result();
        assertThat(result.get("status").asString()).isEqualTo("PASS");
        JsonNode latest =
                driftEvents(result.get("resource").get("id").asString()).get(0);
        assertThat(latest.get("previousStatus").asString()).isEqualTo("FAIL");
        assertThat(latest.get("status").asString()).isEqualTo("PASS");
        assertThat(latest.get("cause").asString()).isEqualTo("agent");
        assertThat(call("GET", "/api/v1/integrations/" + integrationId + "/runs", null, TOKEN)
                        .body()
                        .size())
                .isEqualTo(2);
    }

    @Test
    @Order(4)
    void refusedReportsChangeNothing() throws Exception {
        Thread.sleep(MIN_INTERVAL.toMillis());
        String lastReportId = call("GET", "/api/v1/integrations/" + integrationId, null, TOKEN)
                .body()
                .get("agent")
                .get("lastReportId")
                .asString();
        Map<String, Object> stored = snapshot();

        assertRefused(report(integrationId, valid(), null), 401, null);
        assertRefused(report(integrationId, valid(), "vag_" + integrationId.replace("-", "") + "_wrong"), 401, null);
        assertRefused(report(integrationId, valid(), TOKEN), 401, null);
        assertThat(report(integrationId, valid(), "nonsense").raw().headers().firstValue("WWW-Authenticate"))
                .contains("Bearer");
        assertRefused(report(integrationId, valid(), otherAgentToken), 403, null);
        assertRefused(report(otherIntegrationId, valid(), agentToken), 403, null);

        Map<String, Object> replay = validReport();
        replay.put("reportId", lastReportId);
        assertRefused(report(integrationId, json.writeValueAsBytes(replay), agentToken), 409, null);

        Map<String, Object> stale = validReport();
        agentOf(stale).put("sentAt", Instant.now().minus(Duration.ofMinutes(10)).toString());
        assertRefused(report(integrationId, json.writeValueAsBytes(stale), agentToken), 400, "agent.sentAt");
        Map<String, Object> future = validReport();
        agentOf(future).put("sentAt", Instant.now().plus(Duration.ofMinutes(10)).toString());
        assertRefused(report(integrationId, json.writeValueAsBytes(future), agentToken), 400, "agent.sentAt");

        byte[] huge = new byte[AgentReports.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        assertRefused(report(integrationId, huge, agentToken), 413, null);

        assertRefused(report(integrationId, "{\"agent\":".getBytes(StandardCharsets.UTF_8), agentToken), 400, "body");
        assertRefused(report(integrationId, "[]".getBytes(StandardCharsets.UTF_8), agentToken), 400, "body");
        assertRefused(report(integrationId, new byte[0], agentToken), 400, "body");
        assertRefused(
                report(integrationId, "[".repeat(100_000).getBytes(StandardCharsets.UTF_8), agentToken), 400, "body");
        assertRefused(
                report(integrationId, (new String(valid(), StandardCharsets.UTF_8) + "{}").getBytes(), agentToken),
                400,
                "body");

        Map<String, Object> unknownType = validReport();
        resourceOf(unknownType).put("type", "idp.user");
        assertRefused(report(integrationId, json.writeValueAsBytes(unknownType), agentToken), 400, "resources[0].type");

        Map<String, Object> missing = validReport();
        resourceOf(missing).remove("externalId");
        assertRefused(
                report(integrationId, json.writeValueAsBytes(missing), agentToken), 400, "resources[0].externalId");

        Map<String, Object> wrongShape = validReport();
        resourceOf(wrongShape).put("attributes", List.of(1, 2));
        resourceOf(wrongShape).put("unknown", Map.of("sshd", 42));
        wrongShape.put("extra", true);
        wrongShape.put("reportId", "not-a-uuid");
        Response shape = report(integrationId, json.writeValueAsBytes(wrongShape), agentToken);
        assertRefused(shape, 400, "resources[0].attributes");
        assertThat(shape.body().get("errors").propertyNames())
                .contains("extra", "reportId", "resources[0].unknown.sshd");

        Map<String, Object> empty = validReport();
        empty.put("resources", List.of());
        assertRefused(report(integrationId, json.writeValueAsBytes(empty), agentToken), 400, "resources");

        assertThat(snapshot()).as("nothing stored changed").isEqualTo(stored);

        // The one accepted report changes what is stored; the one right after it changes nothing.
        assertThat(report(integrationId, valid(), agentToken).status()).isEqualTo(200);
        Map<String, Object> afterAccepted = snapshot();
        Response tooSoon = report(integrationId, valid(), agentToken);
        assertRefused(tooSoon, 429, null);
        long retryAfter =
                Long.parseLong(tooSoon.raw().headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, MIN_INTERVAL.toSeconds());
        assertThat(snapshot()).isEqualTo(afterAccepted);

        call(
                "PUT",
                "/api/v1/integrations/" + integrationId,
                Map.of("name", "Remote web server", "intervalMinutes", 5, "enabled", false),
                TOKEN);
        assertRefused(report(integrationId, valid(), agentToken), 409, null);
        call(
                "PUT",
                "/api/v1/integrations/" + integrationId,
                Map.of("name", "Remote web server", "intervalMinutes", 5, "enabled", true),
                TOKEN);
    }

    @Test
    @Order(5)
    void aWrongTokenStopsTheAgentAndRotatingReplacesTheToken() throws Exception {
        String old = agentToken;
        agentToken = rotate(integrationId);
        assertThat(agentToken).isNotEqualTo(old);
        Thread.sleep(MIN_INTERVAL.toMillis());
        int exit = HostAgent.run("--server", "http://127.0.0.1:" + port, "--token", old, "--root", root.toString());
        assertThat(exit)
                .as("a replaced token stops the agent even without --once")
                .isEqualTo(2);
        assertThat(HostAgent.run(
                        "--server",
                        "http://127.0.0.1:" + port,
                        "--token",
                        agentToken,
                        "--root",
                        root.toString(),
                        "--once"))
                .isZero();
    }

    @Test
    @Order(6)
    void anAgentThatStopsReportingGoesStale() throws Exception {
        // Twice the interval (5 min) after the last report, the sweep finds the integration overdue.
        int marked = staleEvidence.sweep(Instant.now().plus(Duration.ofMinutes(11)));
        assertThat(marked).isPositive();
        JsonNode result = result();
        assertThat(result.get("status").asString()).isEqualTo("ERROR");
        assertThat(result.get("reason").asString()).contains("stale").contains("Remote web server");
    }

    private void assertRefused(Response response, int status, String field) {
        assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(status);
        assertThat(response.raw().headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body().get("detail").asString()).isNotBlank();
        if (field != null) {
            assertThat(response.body().get("errors").has(field))
                    .as(response.body().toString())
                    .isTrue();
        }
    }

    /** What a report could change, row by row. */
    private Map<String, Object> snapshot() {
        Map<String, Object> rows = new LinkedHashMap<>();
        for (String table : List.of(
                "collection_run",
                "resource",
                "evidence",
                "check_result",
                "drift_event",
                "agent_report",
                "event_publication",
                "audit_event")) {
            rows.put(
                    table,
                    jdbc.sql("select count(*) from " + table).query(Long.class).single());
        }
        rows.put(
                "check_result current",
                jdbc.sql("select string_agg(check_id || status || coalesce(until::text, ''), ',' order by id)"
                                + " from check_result")
                        .query(String.class)
                        .single());
        rows.put(
                "agent",
                jdbc.sql("select concat_ws('|', hostname, version, last_report_id, last_report_at, last_run_id)"
                                + " from integration_agent order by integration_id")
                        .query(String.class)
                        .list());
        return rows;
    }

    private byte[] valid() {
        return json.writeValueAsBytes(validReport());
    }

    /** A well-formed report of one host, as an agent would send it, with a new id and the current time. */
    private Map<String, Object> validReport() {
        Map<String, Object> agent = new LinkedHashMap<>();
        agent.put("hostname", "debian-stock");
        agent.put("version", "test");
        agent.put("sentAt", Instant.now().toString());
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("type", "host.linux");
        resource.put("externalId", "debian-stock");
        resource.put("name", "debian-stock");
        resource.put(
                "attributes",
                Map.of("hostname", "debian-stock", "sshd", Map.of("installed", true, "permitRootLogin", "no")));
        resource.put("unknown", Map.of());
        resource.put("raw", Map.of("/etc/hostname", "debian-stock\n"));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("agent", agent);
        report.put("reportId", UUID.randomUUID().toString());
        report.put("resources", new ArrayList<>(List.of(resource)));
        return report;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> agentOf(Map<String, Object> report) {
        return (Map<String, Object>) report.get("agent");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resourceOf(Map<String, Object> report) {
        return ((List<Map<String, Object>>) report.get("resources")).get(0);
    }

    private JsonNode result() throws Exception {
        JsonNode results = call("GET", "/api/v1/results?integration=" + integrationId + "&check=" + CHECK, null, TOKEN)
                .body();
        assertThat(results.size()).isEqualTo(1);
        return results.get(0);
    }

    /** Drift events of the check on this resource, newest first. */
    private List<JsonNode> driftEvents(String resourceId) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        call("GET", "/api/v1/drift-events?check=" + CHECK + "&limit=100", null, TOKEN)
                .body()
                .valueStream()
                .filter(event -> event.get("resourceId").asString().equals(resourceId))
                .forEach(events::add);
        assertThat(events).isNotEmpty();
        return events;
    }

    private static Path copyFixture(String fixture) throws IOException {
        Path source = Path.of("src/test/resources/fixtures/linux-host", fixture).toAbsolutePath();
        Path target = hosts.resolve(fixture);
        try (Stream<Path> paths = Files.walk(source)) {
            paths.forEach(path -> {
                try {
                    Path destination = target.resolve(source.relativize(path).toString());
                    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createDirectories(destination);
                    } else {
                        Files.copy(path, destination, LinkOption.NOFOLLOW_LINKS);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return target;
    }
}
