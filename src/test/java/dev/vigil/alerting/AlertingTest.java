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
import dev.vigil.LinuxHostFixtures;
import dev.vigil.identity.ApiTokens;
import dev.vigil.identity.Role;
import dev.vigil.identity.Users;
import dev.vigil.workspace.WorkspaceId;
import dev.vigil.workspace.Workspaces;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

    @Autowired
    AlertPlanner planner;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @TempDir
    static Path hosts;

    private final HttpClient http = HttpClient.newHttpClient();
    private Path sshdConfig;
    private String integrationId;
    private String resourceId;
    private String adminToken;
    private final Map<String, String> channelIds = new java.util.HashMap<>();

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

        createChannel("webhook", "Receiver", Map.of("url", receiver("/hook"), "secret", SIGNING_SECRET));
        createChannel("email", "Security team", Map.of("to", "security@example.com"));
        createChannel("slack", "Slack", Map.of("url", receiver("/slack")));
        createChannel("teams", "Teams", Map.of("url", receiver("/teams")));
        createChannel(
                "pagerduty",
                "On call",
                Map.of("routingKey", "R0UT1NGKEY0123456789ABCDEFGHIJKL", "url", receiver("/pagerduty/v2/enqueue")));

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

    private String createChannel(String type, String name, Map<String, Object> config) throws Exception {
        Response created = call("POST", "/api/v1/alert-channels", Map.of("type", type, "name", name, "config", config));
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        channelIds.put(name, created.body().get("id").asString());
        return created.body().get("id").asString();
    }

    private JsonNode deliveriesOf(String state) throws Exception {
        return call("GET", "/api/v1/alert-deliveries?state=" + state, null).body();
    }

    @AfterAll
    void stopServers() {
        SMTP.stop();
        RECEIVER.stop();
    }

    private Path copyFixture(String fixture) throws IOException {
        return LinuxHostFixtures.copy(fixture, hosts.resolve(fixture));
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
        runIntegration();
    }

    private void runIntegration() throws Exception {
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

    @Test
    @Order(3)
    void failingChannelsAreRetriedThenDeadLetteredAndAHangingOneBlocksNoOther() throws Exception {
        RECEIVER.stubFor(post(urlEqualTo("/flaky"))
                .willReturn(aResponse().withStatus(503).withBody("overloaded")));
        RECEIVER.stubFor(
                post(urlEqualTo("/gone")).willReturn(aResponse().withStatus(404).withBody("no_service")));
        RECEIVER.stubFor(
                post(urlEqualTo("/slow")).willReturn(aResponse().withStatus(204).withFixedDelay(8_000)));
        String flaky = createChannel("webhook", "Flaky", Map.of("url", receiver("/flaky"), "secret", SIGNING_SECRET));
        String gone = createChannel("slack", "Archived", Map.of("url", receiver("/gone")));
        String slow = createChannel("teams", "Slow", Map.of("url", receiver("/slow")));
        int hooks = webhookBodies().size();

        permitRootLogin("yes");
        await().atMost(Duration.ofSeconds(30)).until(() -> webhookBodies().size() == hooks + 1);
        JsonNode alert = call("GET", "/api/v1/alerts?state=OPEN", null).body().get(0);
        Map<String, JsonNode> byChannel = new java.util.HashMap<>();
        alert.get("notices")
                .get(0)
                .get("deliveries")
                .forEach(d -> byChannel.put(d.get("channelId").asString(), d));
        assertThat(byChannel.get(slow).get("state").asString())
                .as("the hanging channel is still being tried while the others have delivered")
                .isNotEqualTo("DELIVERED");

        await().atMost(Duration.ofSeconds(60)).until(() -> deliveriesOf("DEAD").size() == 3);
        Map<String, JsonNode> dead = new java.util.HashMap<>();
        deliveriesOf("DEAD").forEach(d -> dead.put(d.get("channelId").asString(), d));
        assertThat(dead.get(flaky).get("attempts").asInt()).isEqualTo(4);
        assertThat(dead.get(flaky).get("lastError").asString())
                .contains("HTTP 503")
                .contains("overloaded");
        assertThat(dead.get(flaky).get("attemptLog").size()).isEqualTo(4);
        assertThat(dead.get(gone).get("attempts").asInt())
                .as("a 404 cannot succeed by repeating it")
                .isEqualTo(1);
        assertThat(dead.get(gone).get("lastError").asString())
                .contains("HTTP 404")
                .contains("no_service");
        assertThat(dead.get(slow).get("lastError").asString()).contains("did not answer within 5000 ms");
        assertThat(dead.get(flaky).get("lastError").asString()).doesNotContain("/flaky");

        RECEIVER.stubFor(post(urlEqualTo("/flaky")).willReturn(aResponse().withStatus(204)));
        Response retried = call(
                "POST", "/api/v1/alert-deliveries/" + dead.get(flaky).get("id").asString() + "/retry", null);
        assertThat(retried.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveriesOf("DEAD").size() == 2);
        assertThat(call("GET", "/api/v1/alerts/" + alert.get("id").asString(), null)
                        .body()
                        .get("notices")
                        .get(0)
                        .get("deliveries")
                        .valueStream()
                        .filter(d -> d.get("channelId").asString().equals(flaky)))
                .singleElement()
                .satisfies(d -> assertThat(d.get("state").asString()).isEqualTo("DELIVERED"));
        Response again = call(
                "POST", "/api/v1/alert-deliveries/" + dead.get(flaky).get("id").asString() + "/retry", null);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body().get("detail").asString()).contains("only a dead letter can be retried");

        for (String id : List.of(flaky, gone, slow)) {
            assertThat(call("DELETE", "/api/v1/alert-channels/" + id, null).status())
                    .isEqualTo(204);
        }
        permitRootLogin("no");
        await().atMost(Duration.ofSeconds(30)).until(() -> webhookBodies().size() == hooks + 2);
    }

    @Test
    @Order(4)
    void rulesRouteByCelConditionsAndHoldDigests() throws Exception {
        Response invalid = call(
                "POST",
                "/api/v1/alert-rules",
                Map.of(
                        "name",
                        "Broken",
                        "condition",
                        "alert.severity ==",
                        "channelIds",
                        List.of(channelIds.get("Receiver"))));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().get("errors").get("condition").asString())
                .contains("is not valid CEL")
                .contains("line 1, column");
        Response unknownChannel = call(
                "POST",
                "/api/v1/alert-rules",
                Map.of(
                        "name",
                        "Nowhere",
                        "condition",
                        "true",
                        "channelIds",
                        List.of(UUID.randomUUID().toString())));
        assertThat(unknownChannel.status()).isEqualTo(400);
        assertThat(unknownChannel.body().get("errors").get("channelIds").asString())
                .contains("no channel with id");

        Response critical = call(
                "POST",
                "/api/v1/alert-rules",
                Map.of(
                        "name", "Critical to the receiver",
                        "condition", "alert.severity == 'critical'",
                        "channelIds", List.of(channelIds.get("Receiver"))));
        assertThat(critical.status()).isEqualTo(201);
        Response digest = call(
                "POST",
                "/api/v1/alert-rules",
                Map.of(
                        "name", "SOC 2 hosts to Slack hourly",
                        "condition", "'soc2' in alert.frameworks && alert.resource.type == 'host.linux'",
                        "channelIds", List.of(channelIds.get("Slack")),
                        "delivery", "hourly"));
        assertThat(digest.status()).isEqualTo(201);
        int hooks = webhookBodies().size();
        int mails = SMTP.getReceivedMessages().length;

        permitRootLogin("yes");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> deliveriesOf("PENDING").size() == 1);
        JsonNode held = deliveriesOf("PENDING").get(0);
        assertThat(held.get("channelId").asString()).isEqualTo(channelIds.get("Slack"));
        assertThat(held.get("mode").asString()).isEqualTo("hourly");
        assertThat(Instant.parse(held.get("nextAttemptAt").asString()))
                .isAfter(Instant.now())
                .isBefore(Instant.now().plus(Duration.ofMinutes(61)));
        assertThat(webhookBodies())
                .as("a high-severity alert does not match the critical rule")
                .hasSize(hooks);
        assertThat(SMTP.getReceivedMessages()).as("no rule routes to email").hasSize(mails);

        // A critical finding matches the hourly rule too, but is never held for a digest.
        int slackMessages = received("/slack").size();
        Path passwd = sshdConfig.getParent().getParent().resolve("passwd");
        Path shadow = sshdConfig.getParent().getParent().resolve("shadow");
        String passwdBefore = Files.readString(passwd);
        String shadowBefore = Files.readString(shadow);
        Files.writeString(passwd, passwdBefore + "toor:x:0:0:second root:/root:/bin/bash\n");
        Files.writeString(shadow, shadowBefore + "toor:$y$j9T$fixture$fixture:19745:0:99999:7:::\n");
        runIntegration();
        await().atMost(Duration.ofSeconds(30)).until(() -> webhookBodies().size() == hooks + 1);
        JsonNode criticalAlert = webhookBodies().get(hooks).get("alert");
        assertThat(criticalAlert.get("severity").asString()).isEqualTo("critical");
        assertThat(criticalAlert.get("check").get("id").asString()).isEqualTo("host.no-extra-uid-zero-accounts");
        await().atMost(Duration.ofSeconds(30)).until(() -> received("/slack").size() == slackMessages + 1);
        assertThat(deliveriesOf("PENDING").size())
                .as("only the high-severity notice is held")
                .isEqualTo(1);
        Files.writeString(passwd, passwdBefore);
        Files.writeString(shadow, shadowBefore);
        runIntegration();
        await().atMost(Duration.ofSeconds(30)).until(() -> received("/slack").size() == slackMessages + 2);

        // The held notices of one channel and hour go out as one digest when the hour ends.
        permitRootLogin("no");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> deliveriesOf("PENDING").size() == 2);
        jdbc.sql("update alert_delivery set next_attempt_at = now() where state = 'PENDING'")
                .update();
        await().atMost(Duration.ofSeconds(30)).until(() -> received("/slack").size() == slackMessages + 3);
        assertThat(json.readTree(received("/slack").get(slackMessages + 2).getBodyAsString())
                        .get("text")
                        .asString())
                .startsWith("*Vigil digest: 2 alerts*")
                .contains("Failing again (fixed on ")
                .contains("Resolved: SSH refuses direct sign-in as root");
        assertThat(deliveriesOf("PENDING").size()).isZero();

        for (JsonNode rule : call("GET", "/api/v1/alert-rules", null).body()) {
            assertThat(call("DELETE", "/api/v1/alert-rules/" + rule.get("id").asString(), null)
                            .status())
                    .isEqualTo(204);
        }
    }

    @Test
    @Order(5)
    void anApprovedExceptionSilencesTheFindingUntilItExpires() throws Exception {
        Instant expires = Instant.now().plus(Duration.ofSeconds(20));
        Response requested = call(
                "POST",
                "/api/v1/exceptions",
                Map.of(
                        "checkId",
                        CHECK,
                        "resourceId",
                        resourceId,
                        "reason",
                        "Root sign-in needed during the data-centre migration",
                        "expiresAt",
                        expires.toString()));
        assertThat(requested.status()).isEqualTo(201);
        assertThat(requested.body().get("state").asString()).isEqualTo("PENDING");
        String id = requested.body().get("id").asString();

        Response selfApproved = call("POST", "/api/v1/exceptions/" + id + "/approve", null);
        assertThat(selfApproved.status()).isEqualTo(400);
        assertThat(selfApproved.body().get("detail").asString()).contains("someone other than the person who asked");
        Response approved = call("POST", "/api/v1/exceptions/" + id + "/approve", null, adminToken);
        assertThat(approved.status()).isEqualTo(200);
        assertThat(approved.body().get("state").asString()).isEqualTo("ACTIVE");
        assertThat(approved.body().get("approvedBy").asString()).contains("admin@example.com");

        int hooks = webhookBodies().size();
        permitRootLogin("yes");
        Thread.sleep(2_000);
        assertThat(webhookBodies()).as("accepted risk raises no alert").hasSize(hooks);
        assertThat(call("GET", "/api/v1/alerts?state=OPEN", null).body().size()).isZero();

        await().atMost(Duration.ofSeconds(40)).until(() -> Instant.now().isAfter(expires));
        await().atMost(Duration.ofSeconds(40)).until(() -> webhookBodies().size() == hooks + 1 || expiry.sweep() < 0);
        JsonNode reopened = webhookBodies().get(hooks);
        assertThat(reopened.get("type").asString()).isEqualTo("alert.reopened");
        assertThat(reopened.get("alert").get("cause").asString()).isEqualTo("exception-expired");
        assertThat(call("GET", "/api/v1/exceptions/" + id, null)
                        .body()
                        .get("state")
                        .asString())
                .isEqualTo("EXPIRED");

        permitRootLogin("no");
        await().atMost(Duration.ofSeconds(30)).until(() -> webhookBodies().size() == hooks + 2);
    }

    @Test
    @Order(6)
    void badChannelSettingsAreRefusedFieldByFieldAndSecretsNeverComeBack() throws Exception {
        Response unknown =
                call("POST", "/api/v1/alert-channels", Map.of("type", "fax", "name", "Fax", "config", Map.of()));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("errors").get("type").asString()).contains("one of email, slack, teams");
        Response badUrl = call(
                "POST",
                "/api/v1/alert-channels",
                Map.of(
                        "type",
                        "webhook",
                        "name",
                        "Bad",
                        "config",
                        Map.of("url", "ftp://example.com/x", "secret", "short")));
        assertThat(badUrl.status()).isEqualTo(400);
        assertThat(badUrl.body().get("errors").get("config.url").asString()).contains("http or https");
        assertThat(badUrl.body().get("errors").get("config.secret").asString()).contains("at least 16 characters");
        Response badMail = call(
                "POST",
                "/api/v1/alert-channels",
                Map.of("type", "email", "name", "Bad mail", "config", Map.of("to", "not an address")));
        assertThat(badMail.status()).isEqualTo(400);
        assertThat(badMail.body().get("errors").get("config.to").asString()).contains("not a list of email addresses");
        Response duplicate = call(
                "POST",
                "/api/v1/alert-channels",
                Map.of("type", "slack", "name", "slack", "config", Map.of("url", receiver("/slack"))));
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.body().get("errors").get("name").asString()).contains("already exists");

        JsonNode types = call("GET", "/api/v1/alert-channel-types", null).body();
        assertThat(types.valueStream().map(t -> t.get("type").asString()))
                .containsExactly("email", "slack", "teams", "webhook", "pagerduty");
        assertThat(types.get(3)
                        .get("configSchema")
                        .get("properties")
                        .get("secret")
                        .get("writeOnly")
                        .asBoolean())
                .isTrue();

        JsonNode receiverChannel = call("GET", "/api/v1/alert-channels/" + channelIds.get("Receiver"), null)
                .body();
        assertThat(receiverChannel.get("config").has("secret")).isFalse();
        assertThat(receiverChannel.get("secretsSet").get(0).asString()).isEqualTo("secret");
        assertThat(call("GET", "/api/v1/alert-channels", null).body().toString())
                .doesNotContain(SIGNING_SECRET)
                .doesNotContain("R0UT1NGKEY");

        int hooks = received("/hook").size();
        Response test = call("POST", "/api/v1/alert-channels/" + channelIds.get("Receiver") + "/test", null);
        assertThat(test.status()).isEqualTo(200);
        assertThat(test.body().get("delivered").asBoolean()).isTrue();
        assertThat(received("/hook")).hasSize(hooks + 1);
        assertThat(json.readTree(received("/hook").get(hooks).getBodyAsString())
                        .get("type")
                        .asString())
                .isEqualTo("alert.test");

        assertThat(call("GET", "/api/v1/alert-channels", null, adminToken).status())
                .isEqualTo(200);
        assertThat(call("GET", "/api/v1/alerts/" + UUID.randomUUID(), null).status())
                .isEqualTo(404);
        assertThat(call("GET", "/api/v1/alerts?state=maybe", null).status()).isEqualTo(400);
    }

    private HttpResponse<String> sendEvent(String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/integrations/" + integrationId + "/events"))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> signed(String secret, String id, long timestamp, String body) {
        return Map.of(
                "Vigil-Event-Id",
                id,
                "Vigil-Timestamp",
                Long.toString(timestamp),
                "Vigil-Signature",
                "v1=" + WebhookSender.sign(secret, timestamp + "." + body));
    }

    @Test
    @Order(7)
    void aSignedEventMakesTheIntegrationCollectAtOnceAndBadEventsAreRefused() throws Exception {
        String body = "{\"kind\":\"config-changed\",\"path\":\"/etc/ssh/sshd_config\"}";
        long now = Instant.now().getEpochSecond();
        assertThat(sendEvent(body, signed("whatever-secret-0000", "e0", now, body))
                        .statusCode())
                .as("no secret yet")
                .isEqualTo(401);
        Response rotated = call("POST", "/api/v1/integrations/" + integrationId + "/event-secret", null);
        assertThat(rotated.status()).isEqualTo(200);
        String secret = rotated.body().get("secret").asString();
        assertThat(secret).startsWith("whsec_");
        assertThat(call("GET", "/api/v1/integrations/" + integrationId, null)
                        .body()
                        .toString())
                .doesNotContain(secret);

        HttpResponse<String> missing = sendEvent(body, Map.of());
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.body()).contains("Vigil-Signature");
        assertThat(sendEvent(body, signed("not-the-secret-00000", "e1", now, body))
                        .body())
                .contains("does not match");
        assertThat(sendEvent(body, signed(secret, "e2", now - 3_600, body)).body())
                .contains("Stale timestamp");
        String broken = "{not json";
        HttpResponse<String> malformed = sendEvent(broken, signed(secret, "e3", now, broken));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        String huge = "{\"padding\":\"" + "x".repeat(70_000) + "\"}";
        assertThat(sendEvent(huge, signed(secret, "e4", now, huge)).statusCode())
                .isEqualTo(413);
        int runsBefore = call("GET", "/api/v1/integrations/" + integrationId + "/runs", null)
                .body()
                .size();
        assertThat(runsBefore).as("refused events trigger nothing").isEqualTo(runs);

        int hooks = webhookBodies().size();
        String config = Files.readString(sshdConfig).replaceAll("(?m)^PermitRootLogin .*\\n", "");
        Files.writeString(sshdConfig, "PermitRootLogin yes\n" + config);
        long sent = System.nanoTime();
        HttpResponse<String> accepted =
                sendEvent(body, signed(secret, "drift-1", Instant.now().getEpochSecond(), body));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> webhookBodies().size() == hooks + 1);
        long millis = (System.nanoTime() - sent) / 1_000_000;
        assertThat(webhookBodies().get(hooks).get("alert").get("cause").asString())
                .isEqualTo("event");
        assertThat(millis).as("event to alert, under test load").isLessThan(30_000);

        HttpResponse<String> replayed =
                sendEvent(body, signed(secret, "drift-1", Instant.now().getEpochSecond(), body));
        assertThat(replayed.statusCode()).isEqualTo(409);
        assertThat(replayed.body()).contains("already received");

        Files.writeString(sshdConfig, "PermitRootLogin no\n" + config);
        String githubBody = "{\"ref\":\"refs/heads/main\"}";
        HttpResponse<String> fromGithub = sendEvent(
                githubBody,
                Map.of(
                        "X-GitHub-Delivery",
                        UUID.randomUUID().toString(),
                        "X-GitHub-Event",
                        "push",
                        "X-Hub-Signature-256",
                        "sha256=" + WebhookSender.sign(secret, githubBody)));
        assertThat(fromGithub.statusCode()).as(fromGithub.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> webhookBodies().size() == hooks + 2);
        assertThat(webhookBodies().get(hooks + 1).get("type").asString()).isEqualTo("alert.resolved");
    }

    @Test
    @Order(8)
    void aGraceWindowHoldsAFailureAtRiskAndAlertsOnlyIfItLasts() throws Exception {
        assertThat(call("PUT", "/api/v1/checks/" + CHECK + "/alert-settings", Map.of("graceMinutes", 5000))
                        .status())
                .isEqualTo(400);
        assertThat(call("PUT", "/api/v1/checks/no.such-check/alert-settings", Map.of("graceMinutes", 5))
                        .status())
                .isEqualTo(404);
        Response set = call("PUT", "/api/v1/checks/" + CHECK + "/alert-settings", Map.of("graceMinutes", 10));
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.body().get("graceMinutes").asInt()).isEqualTo(10);
        int hooks = webhookBodies().size();

        permitRootLogin("yes");
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        call("GET", "/api/v1/alerts?state=AT_RISK", null).body().size() == 1);
        permitRootLogin("no");
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        call("GET", "/api/v1/alerts?state=AT_RISK", null).body().size() == 0);
        assertThat(webhookBodies())
                .as("fixed within the grace window: nobody is alerted")
                .hasSize(hooks);

        permitRootLogin("yes");
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        call("GET", "/api/v1/alerts?state=AT_RISK", null).body().size() == 1);
        assertThat(planner.promoteDue(Instant.now()))
                .as("the window has not ended")
                .isZero();
        assertThat(planner.promoteDue(Instant.now().plus(Duration.ofMinutes(11))))
                .isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> webhookBodies().size() == hooks + 1);
        JsonNode opened = webhookBodies().get(hooks);
        assertThat(opened.get("type").asString()).isEqualTo("alert.opened");
        assertThat(opened.get("alert").get("cause").asString()).isEqualTo("grace-window-ended");
        assertThat(opened.get("alert").get("change").get("previousStatus").asString())
                .isEqualTo("PASS");

        call("PUT", "/api/v1/checks/" + CHECK + "/alert-settings", Map.of("graceMinutes", 0));
        permitRootLogin("no");
        await().atMost(Duration.ofSeconds(30)).until(() -> webhookBodies().size() == hooks + 2);
        assertThat(webhookBodies().get(hooks + 1).get("type").asString()).isEqualTo("alert.resolved");
    }

    @Test
    @Order(9)
    void aFlappingFindingSendsOneFlappingNoticeAndSettlesWhenQuiet() throws Exception {
        // The finding's recent history: it changed state 50 times in the last hour.
        UUID workspace = workspaces.findBySlug("default").orElseThrow().id().value();
        for (int i = 0; i < 50; i++) {
            jdbc.sql("insert into drift_event (id, workspace_id, check_id, resource_id, previous_status, status,"
                            + " reason, cause, occurred_at) values (?, ?, ?, ?, 'PASS', 'FAIL', 'earlier', 'schedule',"
                            + " now() - interval '10 minutes')")
                    .params(UUID.randomUUID(), workspace, CHECK, UUID.fromString(resourceId))
                    .update();
        }
        int hooks = webhookBodies().size();
        permitRootLogin("yes");
        await().atMost(Duration.ofSeconds(30)).until(() -> webhookBodies().size() == hooks + 1);
        assertThat(webhookBodies().get(hooks).get("type").asString()).isEqualTo("alert.flapping");
        assertThat(webhookBodies().get(hooks).get("alert").get("flapping").asBoolean())
                .isTrue();

        permitRootLogin("no");
        permitRootLogin("yes");
        permitRootLogin("no");
        Thread.sleep(2_000);
        assertThat(webhookBodies())
                .as("later changes of a flapping finding are silent")
                .hasSize(hooks + 1);

        assertThat(planner.settleFlapping(Instant.now())).as("not quiet yet").isZero();
        assertThat(planner.settleFlapping(Instant.now().plus(Duration.ofMinutes(20))))
                .isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> webhookBodies().size() == hooks + 2);
        assertThat(webhookBodies().get(hooks + 1).get("type").asString()).isEqualTo("alert.resolved");
        assertThat(call("GET", "/api/v1/alerts?state=OPEN", null).body().size()).isZero();
    }
}
