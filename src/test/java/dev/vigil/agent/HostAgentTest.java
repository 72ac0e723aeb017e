package dev.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the agent does with each answer, against a real HTTP server on loopback that answers as told: retries
 * what may pass, honours Retry-After, gives a report up without exiting, and stops only on a wrong token.
 */
class HostAgentTest {

    static final UUID INTEGRATION = UUID.fromString("0b7e1c2a-3d4f-4a5b-8c6d-7e8f9a0b1c2d");
    static final String TOKEN = "vag_" + INTEGRATION.toString().replace("-", "") + "_c2VjcmV0LXBhcnQtb2YtdGhlLXRva2Vu";
    static final String ROOT = Path.of("src/test/resources/fixtures/linux-host/debian12-stock")
            .toAbsolutePath()
            .toString();

    /** One scripted answer: status, headers, body. */
    record Answer(int status, Map<String, String> headers, String body) {}

    private HttpServer server;
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/integrations/" + INTEGRATION + "/agent-reports", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            Answer answer = script.isEmpty() ? new Answer(500, Map.of(), "{}") : script.poll();
            answer.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private int runOnce(String server) throws Exception {
        AgentOptions options = AgentOptions.parse(
                new String[] {"--server", server, "--root", ROOT, "--once"}, Map.of("VIGIL_AGENT_TOKEN", TOKEN));
        return new HostAgent(
                        options,
                        new PrintStream(output, true, StandardCharsets.UTF_8),
                        Clock.systemUTC(),
                        Duration.ofMillis(20))
                .run();
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private String log() {
        return output.toString(StandardCharsets.UTF_8);
    }

    private static Answer accepted() {
        return new Answer(
                200,
                Map.of("Content-Type", "application/json"),
                "{\"reportId\":\"x\",\"runId\":\"r\",\"resourcesSeen\":1,\"resourcesChanged\":1,\"checksEvaluated\":29}");
    }

    private static Answer problem(int status, String title, String detail, Map<String, String> headers) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Content-Type", "application/problem+json");
        return new Answer(
                status, all, "{\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}");
    }

    @Test
    void sendsTheObservedHostInTheReportFormat() throws Exception {
        script.add(accepted());
        assertThat(runOnce(base() + "/")).isZero();
        assertThat(authorizations).containsExactly("Bearer " + TOKEN);
        JsonNode report = json.readTree(received.get(0));
        assertThat(report.propertyNames()).containsExactlyInAnyOrder("agent", "reportId", "resources");
        assertThat(report.get("agent").get("hostname").asString()).isEqualTo("debian-stock");
        assertThat(report.get("agent").get("sentAt").asString()).endsWith("Z");
        assertThat(UUID.fromString(report.get("reportId").asString())).isNotNull();
        JsonNode host = report.get("resources").get(0);
        assertThat(host.get("type").asString()).isEqualTo("host.linux");
        assertThat(host.get("attributes").get("sshd").get("permitRootLogin").asString())
                .isEqualTo("prohibit-password");
        assertThat(host.get("raw").size()).isPositive();
        assertThat(log()).contains("recorded").doesNotContain(TOKEN);
    }

    @Test
    void retriesServerFailuresWithTheSameReportThenSucceeds() throws Exception {
        script.add(problem(503, "Unavailable", "restarting", Map.of()));
        script.add(new Answer(502, Map.of("Content-Type", "text/html"), "<html>bad gateway</html>"));
        script.add(accepted());
        assertThat(runOnce(base())).isZero();
        assertThat(received).hasSize(3);
        assertThat(received.stream().distinct()).as("the same report each time").hasSize(1);
        assertThat(log()).contains("(503): restarting").contains("(502): <html>bad gateway</html>");
    }

    @Test
    void honoursRetryAfter() throws Exception {
        script.add(problem(429, "Too many reports", "slow down", Map.of("Retry-After", "1")));
        script.add(accepted());
        long started = System.nanoTime();
        assertThat(runOnce(base())).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(log()).contains("slow down").contains("Sending again in 1 s");
    }

    @Test
    void aReplayAnswerToARetryMeansTheFirstAttemptGotThrough() throws Exception {
        script.add(problem(503, "Unavailable", "timeout upstream", Map.of()));
        script.add(problem(409, "Replayed report", "Report x was already received.", Map.of()));
        assertThat(runOnce(base())).isZero();
        assertThat(log()).contains("already recorded");
    }

    @Test
    void givesAReportUpWhenVigilStaysUnreachableWithoutStopping() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertThat(runOnce("http://127.0.0.1:" + closed)).isEqualTo(HostAgent.NOT_RECORDED);
        assertThat(log())
                .contains("cannot reach Vigil at http://127.0.0.1:" + closed)
                .contains("Giving this report up after " + HostAgent.MAX_ATTEMPTS + " attempts");
    }

    @Test
    void refusedReportsAreNotRetried() throws Exception {
        script.add(problem(400, "Invalid report", "resources[0].type is wrong", Map.of()));
        assertThat(runOnce(base())).isEqualTo(HostAgent.NOT_RECORDED);
        script.add(problem(413, "Report too large", "more than 4 MB", Map.of()));
        assertThat(runOnce(base())).isEqualTo(HostAgent.NOT_RECORDED);
        assertThat(received).hasSize(2);
        assertThat(log()).contains("invalid (400): resources[0].type is wrong").contains("(413): more than 4 MB");
    }

    @Test
    void aWrongTokenStopsTheAgent() throws Exception {
        script.add(problem(401, "Invalid agent token", "The agent token is unknown.", Map.of()));
        assertThat(runOnce(base())).isEqualTo(HostAgent.STOPPED);
        script.add(problem(403, "Wrong integration", "belongs to another integration", Map.of()));
        assertThat(runOnce(base())).isEqualTo(HostAgent.STOPPED);
        assertThat(log())
                .contains("Stopping: Vigil refused the agent token (401)")
                .contains("(403)");
    }

    @Test
    void readsItsCommandLine() throws Exception {
        AgentOptions options = AgentOptions.parse(
                new String[] {"--server=https://vigil.example.com/", "--interval", "90s"},
                Map.of("VIGIL_AGENT_TOKEN", TOKEN + "\n"));
        assertThat(options.server().toString()).isEqualTo("https://vigil.example.com");
        assertThat(options.integrationId()).isEqualTo(INTEGRATION);
        assertThat(options.interval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(options.root()).isEqualTo("/");
        assertThat(options.once()).isFalse();
        assertThat(AgentOptions.interval("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(AgentOptions.interval("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(AgentOptions.interval("PT2M")).isEqualTo(Duration.ofMinutes(2));

        assertThatThrownBy(() -> AgentOptions.parse(new String[] {"--token", TOKEN}, Map.of()))
                .hasMessageContaining("--server is required");
        assertThatThrownBy(() -> AgentOptions.parse(new String[] {"--server", "https://v"}, Map.of()))
                .hasMessageContaining("VIGIL_AGENT_TOKEN");
        assertThatThrownBy(
                        () -> AgentOptions.parse(new String[] {"--server", "https://v", "--token", "vgl_x"}, Map.of()))
                .hasMessageContaining("does not look like an agent token");
        assertThatThrownBy(() -> AgentOptions.parse(new String[] {"--server", "ftp://v", "--token", TOKEN}, Map.of()))
                .hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> AgentOptions.parse(
                        new String[] {"--server", "https://v", "--token", TOKEN, "--interval", "5s"}, Map.of()))
                .hasMessageContaining("at least 10s");
        assertThatThrownBy(() -> AgentOptions.parse(
                        new String[] {"--server", "https://v", "--token", TOKEN, "--root", "relative"}, Map.of()))
                .hasMessageContaining("absolute");
        assertThatThrownBy(() -> AgentOptions.parse(new String[] {"--bogus"}, Map.of()))
                .hasMessageContaining("unknown argument '--bogus'");
        assertThat(HostAgent.run("--server", "https://v")).isEqualTo(HostAgent.STOPPED);
    }
}
