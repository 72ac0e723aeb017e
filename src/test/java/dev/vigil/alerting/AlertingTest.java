package dev.vigil.alerting;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.vigil.identity.ApiTokens;
import dev.vigil.identity.Role;
import dev.vigil.identity.Users;
import dev.vigil.workspace.WorkspaceId;
import dev.vigil.workspace.Workspaces;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drift on a real host tree reaches every kind of channel: a webhook receiver, a real SMTP exchange (GreenMail),
 * and Slack, Teams and PagerDuty endpoints faked with WireMock from their public API references. Also retries,
 * dead letters, routing rules and accepted-risk exceptions, all through the public API.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "vigil.data-dir=target/test-data/alerting-${random.uuid}",
            "vigil.demo.enabled=false",
            "vigil.admin.email=owner@example.com",
            "vigil.admin.password=correct-horse-battery-staple",
            "vigil.admin.api-token=" + AlertingTest.TOKEN,
            "vigil.alerting.base-url=https://vigil.example.com",
            "vigil.alerting.retry-backoff=200ms",
            "vigil.alerting.max-backoff=400ms",
            "vigil.alerting.max-attempts=4",
            "vigil.alerting.send-timeout=5s",
            "vigil.alerting.flapping-transitions=50",
            "vigil.alerting.smtp.starttls=false",
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertingTest {

    static final String TOKEN = "alerting-token-0123456789abcdef";
    static final String SIGNING_SECRET = "a-signing-secret-for-tests";
    static final String CHECK = "host.ssh-root-login-disabled";

    static final GreenMail SMTP = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    static final WireMockServer RECEIVER =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    static {
        SMTP.start();
        RECEIVER.start();
    }

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("vigil.alerting.smtp.host", () -> "127.0.0.1");
        registry.add("vigil.alerting.smtp.port", () -> SMTP.getSmtp().getPort());
    }

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    Workspaces workspaces;

    @Autowired
    Users users;

    @Autowired
    ApiTokens tokens;

    @Autowired
    ExceptionExpiry expiry;

    @TempDir
    static Path hosts;

    private final HttpClient http = HttpClient.newHttpClient();
    private Path sshdConfig;
    private String integrationId;
    private String resourceId;
    private String adminToken;

    record Response(int status, JsonNode body) {}

    Response call(String method, String path, Object body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body().isBlank() ? null : json.readTree(response.body()));
    }

    Response call(String method, String path, Object body) throws Exception {
        return call(method, path, body, TOKEN);
    }

    String receiver(String path) {
        return "http://127.0.0.1:" + RECEIVER.port() + path;
    }

    @BeforeAll
    void hostAndChannels() throws Exception {
        RECEIVER.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
        RECEIVER.stubFor(post(urlEqualTo("/slack"))
                .willReturn(aResponse().withStatus(200).withBody("ok")));
        RECEIVER.stubFor(post(urlEqualTo("/teams")).willReturn(aResponse().withStatus(202)));
        RECEIVER.stubFor(post(urlEqualTo("/pagerduty/v2/enqueue"))
                .willReturn(aResponse()
                        .withStatus(202)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"x\"}")));

        Path root = copyFixture("debian12-stock");
        sshdConfig = root.resolve("etc/ssh/sshd_config");

        assertThat(call(
                                "POST",
                                "/api/v1/alert-channels",
                                Map.of(
                                        "type", "webhook",
                                        "name", "Receiver",
                                        "config", Map.of("url", receiver("/hook"), "secret", SIGNING_SECRET)))
                        .status())
                .isEqualTo(201);
        assertThat(call(
                                "POST",
                                "/api/v1/alert-channels",
                                Map.of(
                                        "type",
                                        "email",
                                        "name",
                                        "Security team",
                                        "config",
                                        Map.of("to", "security@example.com")))
                        .status())
                .isEqualTo(201);
        assertThat(call(
                                "POST",
                                "/api/v1/alert-channels",
                                Map.of("type", "slack", "name", "Slack", "config", Map.of("url", receiver("/slack"))))
                        .status())
                .isEqualTo(201);
        assertThat(call(
                                "POST",
                                "/api/v1/alert-channels",
                                Map.of("type", "teams", "name", "Teams", "config", Map.of("url", receiver("/teams"))))
                        .status())
                .isEqualTo(201);
        assertThat(call(
                                "POST",
                                "/api/v1/alert-channels",
                                Map.of(
                                        "type", "pagerduty",
                                        "name", "On call",
                                        "config",
                                                Map.of(
                                                        "routingKey",
                                                        "R0UT1NGKEY0123456789ABCDEFGHIJKL",
                                                        "url",
                                                        receiver("/pagerduty/v2/enqueue"))))
                        .status())
                .isEqualTo(201);

        Response created = call(
                "POST",
                "/api/v1/integrations",
                Map.of(
                        "connector",
                        "linux-host",
                        "name",
                        "Web server",
                        "config",
                        Map.of("rootPath", root.toString()),
                        "intervalMinutes",
                        60,
                        "enabled",
                        true));
        assertThat(created.status()).isEqualTo(201);
        integrationId = created.body().get("id").asString();
        awaitRuns(1);
        resourceId = call("GET", "/api/v1/results?integration=" + integrationId + "&check=" + CHECK, null)
                .body()
                .get(0)
                .get("resource")
                .get("id")
                .asString();

        WorkspaceId workspace = workspaces.findBySlug("default").orElseThrow().id();
        UUID admin =
                users.create(workspace, "admin@example.com", "Admin", "a-long-enough-password", Role.ADMIN, "test");
        adminToken = ApiTokens.generate();
        tokens.create(workspace, admin, "admin", adminToken, null);
    }

    @AfterAll
    void stopServers() {
        SMTP.stop();
        RECEIVER.stop();
    }

    private Path copyFixture(String fixture) throws IOException {
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

    private int runs;

    private void awaitRuns(int count) {
        runs = count;
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    JsonNode list = call("GET", "/api/v1/integrations/" + integrationId + "/runs", null)
                            .body();
                    return list.size() >= count
                            && list.valueStream()
                                    .noneMatch(r -> r.get("status").asString().equals("RUNNING"));
                });
    }

    /** Sets PermitRootLogin in the host's sshd_config and runs the integration. */
    private void permitRootLogin(String value) throws Exception {
        String config = Files.readString(sshdConfig).replaceAll("(?m)^PermitRootLogin .*\\n", "");
        Files.writeString(sshdConfig, "PermitRootLogin " + value + "\n" + config);
        assertThat(call("POST", "/api/v1/integrations/" + integrationId + "/runs", null)
                        .status())
                .isEqualTo(202);
        awaitRuns(runs + 1);
    }

    private List<LoggedRequest> received(String path) {
        return RECEIVER.findAll(postRequestedFor(urlEqualTo(path)));
    }

    private List<JsonNode> webhookBodies() {
        return received("/hook").stream()
                .map(r -> json.readTree(r.getBodyAsString()))
                .toList();
    }

    @Test
    @Order(1)
    void firstEvaluationIsTheBaselineAndRaisesNoAlert() throws Exception {
        assertThat(call("GET", "/api/v1/alerts", null).body().size()).isZero();
        assertThat(received("/hook")).isEmpty();
    }

    @Test
    @Order(2)
    void driftReachesEveryChannelAndRestoringItResolvesTheAlert() throws Exception {
        permitRootLogin("no");
        assertThat(call("GET", "/api/v1/alerts", null).body().size())
                .as("passing where it failed before opens nothing")
                .isZero();

        permitRootLogin("yes");
        await().atMost(Duration.ofSeconds(30)).until(() -> webhookBodies().size() == 1);
        JsonNode opened = webhookBodies().get(0);
        assertThat(opened.get("version").asInt()).isEqualTo(1);
        assertThat(opened.get("type").asString()).isEqualTo("alert.opened");
        JsonNode alert = opened.get("alert");
        assertThat(alert.get("check").get("id").asString()).isEqualTo(CHECK);
        assertThat(alert.get("severity").asString()).isEqualTo("high");
        assertThat(alert.get("change").get("before").get("status").asString()).isEqualTo("PASS");
        assertThat(alert.get("change").get("before").get("observed").asString()).isEqualTo("no");
        assertThat(alert.get("change").get("after").get("observed").asString()).isEqualTo("yes");
        assertThat(alert.get("controls").valueStream().map(c -> c.get("id").asString()))
                .isNotEmpty();
        assertThat(alert.get("requirements")
                        .valueStream()
                        .map(r -> r.get("framework").asString()))
                .contains("soc2", "iso27001-2022");
        assertThat(alert.get("check").get("remediation").asString()).contains("PermitRootLogin no");
        assertThat(alert.get("url").asString()).isEqualTo("https://vigil.example.com/checks/" + CHECK);

        LoggedRequest request = received("/hook").get(0);
        String timestamp = request.getHeader("Vigil-Timestamp");
        assertThat(request.getHeader("Vigil-Signature"))
                .isEqualTo("v1=" + WebhookSender.sign(SIGNING_SECRET, timestamp + "." + request.getBodyAsString()));
        assertThat(request.getHeader("Idempotency-Key")).startsWith("vigil-");

        assertThat(SMTP.waitForIncomingEmail(30_000, 1)).isTrue();
        MimeMessage mail = SMTP.getReceivedMessages()[0];
        assertThat(mail.getSubject()).startsWith("[HIGH] Failing: SSH refuses direct sign-in as root");
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("security@example.com");
        assertThat(mail.getMessageID())
                .as("the idempotency key is the Message-ID")
                .isEqualTo("<" + mail.getHeader("X-Vigil-Idempotency-Key")[0] + "@vigil>")
                .matches("<vigil-[0-9a-f-]+@vigil>");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> received("/slack").size() == 1
                        && received("/teams").size() == 1
                        && received("/pagerduty/v2/enqueue").size() == 1);
        assertThat(json.readTree(received("/slack").get(0).getBodyAsString())
                        .get("text")
                        .asString())
                .contains("Failing: SSH refuses direct sign-in as root");
        JsonNode card = json.readTree(received("/teams").get(0).getBodyAsString());
        assertThat(card.get("attachments").get(0).get("contentType").asString())
                .isEqualTo("application/vnd.microsoft.card.adaptive");
        JsonNode trigger =
                json.readTree(received("/pagerduty/v2/enqueue").get(0).getBodyAsString());
        assertThat(trigger.get("event_action").asString()).isEqualTo("trigger");
        assertThat(trigger.get("routing_key").asString()).isEqualTo("R0UT1NGKEY0123456789ABCDEFGHIJKL");
        assertThat(trigger.get("payload").get("severity").asString()).isEqualTo("error");
        String dedupKey = trigger.get("dedup_key").asString();

        JsonNode alerts = call("GET", "/api/v1/alerts?state=OPEN", null).body();
        assertThat(alerts.size()).isEqualTo(1);
        assertThat(alerts.get(0).get("notices").get(0).get("deliveries").valueStream())
                .hasSize(5)
                .allSatisfy(d -> assertThat(d.get("state").asString()).isEqualTo("DELIVERED"));

        permitRootLogin("no");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> webhookBodies().size() == 2
                        && received("/pagerduty/v2/enqueue").size() == 2);
        assertThat(webhookBodies().get(1).get("type").asString()).isEqualTo("alert.resolved");
        JsonNode resolve =
                json.readTree(received("/pagerduty/v2/enqueue").get(1).getBodyAsString());
        assertThat(resolve.get("event_action").asString()).isEqualTo("resolve");
        assertThat(resolve.get("dedup_key").asString()).isEqualTo(dedupKey);
        assertThat(SMTP.waitForIncomingEmail(30_000, 2)).isTrue();
        assertThat(SMTP.getReceivedMessages()[1].getSubject()).contains("Resolved: SSH refuses direct sign-in as root");
        assertThat(call("GET", "/api/v1/alerts?state=OPEN", null).body().size()).isZero();

        permitRootLogin("yes");
        await().atMost(Duration.ofSeconds(30)).until(() -> webhookBodies().size() == 3);
        JsonNode again = webhookBodies().get(2).get("alert");
        assertThat(again.get("previouslyResolvedAt").isNull()).isFalse();
        assertThat(SMTP.waitForIncomingEmail(30_000, 3)).isTrue();
        assertThat(SMTP.getReceivedMessages()[2].getSubject()).contains("Failing again (fixed on ");
        permitRootLogin("no");
        await().atMost(Duration.ofSeconds(30)).until(() -> webhookBodies().size() == 4);
    }
}
