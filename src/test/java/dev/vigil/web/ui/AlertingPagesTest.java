package dev.vigil.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.alerting.AlertChannel;
import dev.vigil.alerting.AlertChannels;
import dev.vigil.alerting.AlertRules;
import dev.vigil.alerting.Alerting;
import dev.vigil.alerting.ChannelRequest;
import dev.vigil.alerting.RiskException;
import dev.vigil.alerting.RiskExceptions;
import dev.vigil.identity.Role;
import dev.vigil.identity.SecondFactorTestSupport;
import dev.vigil.identity.Users;
import dev.vigil.integration.CollectionRun;
import dev.vigil.integration.Integrations;
import dev.vigil.monitoring.CheckResults;
import dev.vigil.monitoring.CheckStatus;
import dev.vigil.monitoring.CurrentResult;
import dev.vigil.monitoring.ResultFilter;
import dev.vigil.workspace.WorkspaceId;
import dev.vigil.workspace.Workspaces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The alerting pages on a real drift: a linux-host integration reads a copy of the stock Debian fixture, the test
 * turns root sign-in off and on again, and the alert that opens goes to a webhook channel on a port where nothing
 * listens, so it ends as a dead letter. Everything runs through the real services and the embedded database; the
 * only receiver that answers is a small HTTP server in this test.
 */
@SpringBootTest(
        properties = {
            "vigil.data-dir=target/test-data/alerting-ui",
            "vigil.admin.email=owner@example.com",
            "vigil.admin.password=correct-horse-battery-staple",
            "vigil.demo.enabled=false",
            "vigil.alerting.retry-backoff=100ms",
            "vigil.alerting.max-backoff=200ms",
            "vigil.alerting.max-attempts=2",
            "vigil.alerting.send-timeout=2s",
        })
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertingPagesTest {

    static final String OWNER = "owner@example.com";
    static final String PASSWORD = "correct-horse-battery-staple";
    static final String CHECK = "host.ssh-root-login-disabled";
    static final String SIGNING_SECRET = "a-signing-secret-for-the-ui-test";

    @Autowired
    MockMvc mvc;

    @Autowired
    ApplicationContext context;

    @Autowired
    Workspaces workspaces;

    @Autowired
    Users users;

    @Autowired
    Integrations integrations;

    @Autowired
    CheckResults results;

    @Autowired
    AlertChannels channels;

    @Autowired
    AlertRules rules;

    @Autowired
    Alerting alerting;

    @Autowired
    RiskExceptions exceptions;

    @TempDir
    static Path hosts;

    /** Unique per run: the test database under target/ survives between local runs. */
    final String suffix = UUID.randomUUID().toString().substring(0, 8);

    final AtomicInteger received = new AtomicInteger();
    HttpServer receiver;
    WorkspaceId workspace;
    MockHttpSession owner;
    UUID integrationId;
    Path sshdConfig;
    UUID deadChannelId;
    UUID alertId;

    @BeforeAll
    void aDriftHasOpenedAnAlertThatNoChannelCouldTake() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();

        workspace = workspaces.findBySlug("default").orElseThrow().id();
        owner = signIn(OWNER, PASSWORD);
        // A database kept from an earlier local run may still have channels and rules: only this run's apply.
        rules.list(workspace).forEach(r -> rules.delete(workspace, r.id(), "test"));
        channels.list(workspace).forEach(c -> channels.delete(workspace, c.id(), "test"));
        deadChannelId = channels.create(
                        workspace,
                        new ChannelRequest(
                                "webhook",
                                "Nobody listens " + suffix,
                                Map.of("url", "http://127.0.0.1:" + closedPort() + "/hook", "secret", SIGNING_SECRET),
                                true),
                        "test")
                .id();

        Path root = copyFixture("debian12-stock");
        sshdConfig = root.resolve("etc/ssh/sshd_config");
        MvcResult created = mvc.perform(post("/integrations")
                        .session(owner)
                        .with(csrf())
                        .param("connector", "linux-host")
                        .param("name", "Alerting host " + suffix)
                        .param("intervalMinutes", "60")
                        .param("enabled", "true")
                        .param("config.rootPath", root.toString()))
                .andReturn();
        String location = created.getResponse().getRedirectedUrl();
        integrationId = UUID.fromString(location.substring("/integrations/".length()));
        awaitRuns(1);

        // The first evaluation is the baseline; passing and then failing again is drift.
        permitRootLogin("no");
        permitRootLogin("yes");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> alerting.deliveries(workspace, "DEAD", 100).stream()
                        .anyMatch(d -> d.channelId().equals(deadChannelId)));
        alertId = alerting.alerts(workspace, "OPEN", CHECK, null, 50).stream()
                .filter(a -> a.resourceId().equals(resourceId()))
                .findFirst()
                .orElseThrow()
                .id();
    }

    @AfterAll
    void stopReceiver() {
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void everyAlertingPageRendersForAnOwner() throws Exception {
        String list = html(get("/alerts?state=open&check=" + CHECK).session(owner), 200);
        assertThat(list)
                .contains("<h1>Alerts</h1>")
                .contains("href=\"/alerts/" + alertId + "\"")
                .contains("href=\"/checks/" + CHECK + "\"")
                .contains("1 dead")
                .containsPattern("class=\"nav-count\"[^>]*>\\d+</span>");

        String detail = html(get("/alerts/" + alertId).session(owner), 200);
        assertThat(detail)
                .contains("Timeline")
                .contains("Opened")
                .contains("Nobody listens " + suffix)
                .contains("Dead letter")
                .contains("Connection to http://127.0.0.1")
                .containsPattern("\\d+ attempts")
                .contains("Retry");

        assertThat(html(get("/alerts/dead-letters").session(owner), 200))
                .contains("Nobody listens " + suffix)
                .contains("refused")
                .contains("/retry\"");
        assertThat(html(get("/settings/alert-channels").session(owner), 200))
                .contains("Nobody listens " + suffix)
                .contains("Send test alert")
                .contains("Stored (never shown)");
        assertThat(html(get("/settings/alert-channels/new").session(owner), 200))
                .contains("href=\"/settings/alert-channels/new?type=pagerduty\"");
        assertThat(html(get("/settings/alert-rules").session(owner), 200))
                .contains("every alert goes to every enabled channel at once")
                .contains("Critical alerts are never held for a digest")
                .contains("alert.frameworks");
        assertThat(html(get("/settings/alert-rules/new").session(owner), 200))
                .contains("name=\"condition\"")
                .contains("name=\"channelIds\" value=\"" + deadChannelId + "\"");
        assertThat(html(get("/exceptions").session(owner), 200)).contains("<h1>Exceptions</h1>");
        assertThat(html(
                        get("/exceptions/new?check=" + CHECK + "&resource=" + resourceId())
                                .session(owner),
                        200))
                .contains("type=\"date\"")
                .contains("name=\"reason\"");

        String check = html(get("/checks/" + CHECK).session(owner), 200);
        assertThat(check)
                .contains("href=\"/alerts?check=" + CHECK + "\"")
                .contains("href=\"/exceptions/new?check=" + CHECK + "&amp;resource=" + resourceId() + "\"");

        for (String page : List.of(list, detail, check)) {
            assertThat(page).doesNotContainPattern("(?i)<style").doesNotContainPattern("(?i)\\sstyle=");
            assertThat(page).doesNotContainPattern("(?i)\\son[a-z]+=\"");
        }
        assertThat(html(get("/alerts?lang=pt").session(owner), 200))
                .contains("<h1>Alertas</h1>")
                .contains("Mensagens não entregues");
        html(get("/alerts/" + UUID.randomUUID()).session(owner), 404);
    }

    @Test
    void anAuditorReadsEveryPageButCannotChangeAnything() throws Exception {
        String email = "auditor-" + suffix + "@example.com";
        users.create(workspace, email, "Auditor", PASSWORD, Role.AUDITOR, "test");
        MockHttpSession auditor = signIn(email, PASSWORD);

        for (String path : List.of(
                "/alerts",
                "/alerts/" + alertId,
                "/alerts/dead-letters",
                "/settings/alert-channels",
                "/settings/alert-rules",
                "/exceptions")) {
            assertThat(html(get(path).session(auditor), 200))
                    .as(path)
                    .doesNotContain("/retry")
                    .doesNotContain("/approve\"")
                    .doesNotContain("Send test alert")
                    .doesNotContain("Add rule");
        }
        UUID delivery = deadLetter().id();
        for (String path : List.of(
                "/alerts/deliveries/" + delivery + "/retry",
                "/settings/alert-channels",
                "/settings/alert-channels/" + deadChannelId + "/test",
                "/settings/alert-channels/" + deadChannelId + "/enabled?enabled=false",
                "/settings/alert-channels/" + deadChannelId + "/delete",
                "/settings/alert-rules",
                "/exceptions?check=" + CHECK + "&resource=" + resourceId(),
                "/exceptions/" + UUID.randomUUID() + "/approve")) {
            html(post(path).session(auditor).with(csrf()), 403);
        }
        html(get("/settings/alert-channels/new?type=webhook").session(auditor), 403);
        assertThat(channels.get(workspace, deadChannelId).enabled()).isTrue();
    }

    @Test
    void aWebhookChannelIsCreatedThroughTheFormAndAcceptsATestAlert() throws Exception {
        String form = html(get("/settings/alert-channels/new?type=webhook").session(owner), 200);
        assertThat(form)
                .contains("name=\"config.url\"")
                .contains("name=\"config.secret\" value=\"\"")
                .contains("type=\"password\"");

        String refused = html(
                post("/settings/alert-channels")
                        .session(owner)
                        .with(csrf())
                        .param("type", "webhook")
                        .param("name", "Bad " + suffix)
                        .param("enabled", "true")
                        .param("config.url", "ftp://files.example.com/in")
                        .param("config.secret", SIGNING_SECRET),
                422);
        assertThat(refused)
                .containsPattern("id=\"config-url-error\"[^>]*>Enter an address that starts with http:// or https://.")
                .contains("value=\"ftp://files.example.com/in\"")
                .doesNotContain(SIGNING_SECRET);

        String name = "Receiver " + suffix;
        mvc.perform(post("/settings/alert-channels")
                        .session(owner)
                        .with(csrf())
                        .param("type", "webhook")
                        .param("name", name)
                        .param("enabled", "true")
                        .param(
                                "config.url",
                                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")
                        .param("config.secret", SIGNING_SECRET))
                .andExpect(redirectedUrl("/settings/alert-channels"))
                .andExpect(flash().attribute("notice", "alerting.notice.channel-created"));
        AlertChannel channel = channels.list(workspace).stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow();
        assertThat(channel.secretsSet()).containsExactly("secret");

        assertThat(html(
                        get("/settings/alert-channels/" + channel.id() + "/edit")
                                .session(owner),
                        200))
                .contains("A value is stored. Leave blank to keep it.")
                .doesNotContain(SIGNING_SECRET);

        int before = received.get();
        String result = html(
                post("/settings/alert-channels/" + channel.id() + "/test")
                        .header("HX-Request", "true")
                        .session(owner)
                        .with(csrf()),
                200);
        assertThat(result)
                .contains("id=\"channel-test\"")
                .contains(name + " accepted the test alert.")
                .contains("HTTP 204")
                .doesNotContain("<html");
        assertThat(received.get()).isEqualTo(before + 1);

        mvc.perform(post("/settings/alert-channels/" + channel.id() + "/delete")
                        .session(owner)
                        .with(csrf()))
                .andExpect(redirectedUrl("/settings/alert-channels"));
        assertThat(channels.list(workspace)).noneMatch(c -> c.id().equals(channel.id()));
    }

    @Test
    void aRuleWithInvalidCelShowsWhereTheConditionBreaks() throws Exception {
        String page = html(
                post("/settings/alert-rules")
                        .session(owner)
                        .with(csrf())
                        .param("name", "Broken " + suffix)
                        .param("condition", "alert.severity ==")
                        .param("channelIds", deadChannelId.toString())
                        .param("delivery", "hourly")
                        .param("enabled", "true"),
                422);

        assertThat(page)
                .containsPattern("id=\"condition-error\"[^>]*>This is not a valid CEL condition: line 1, column \\d+")
                .contains("alert.severity ==</textarea>")
                .containsPattern("id=\"delivery-hourly\"[^>]*checked");

        mvc.perform(post("/settings/alert-rules")
                        .session(owner)
                        .with(csrf())
                        .param("name", "High only " + suffix)
                        .param("condition", "alert.severity == 'high'")
                        .param("channelIds", deadChannelId.toString())
                        .param("delivery", "immediate")
                        .param("enabled", "true"))
                .andExpect(redirectedUrl("/settings/alert-rules"));
        assertThat(html(get("/settings/alert-rules").session(owner), 200))
                .contains("High only " + suffix)
                .contains("Nobody listens " + suffix);
    }

    @Test
    void aDeadLetterIsRetriedFromThePage() throws Exception {
        Alerting.Delivery dead = deadLetter();
        int attemptsBefore = dead.attemptLog().size();

        mvc.perform(post("/alerts/deliveries/" + dead.id() + "/retry")
                        .session(owner)
                        .with(csrf()))
                .andExpect(redirectedUrl("/alerts/dead-letters"))
                .andExpect(flash().attribute("notice", "alerting.notice.retried"))
                .andExpect(flash().attribute("noticeArgument", "Nobody listens " + suffix));

        // Nothing listens yet, so the fresh series of attempts fails again and is kept in the attempt log.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> alerting.deliveries(workspace, "DEAD", 100).stream()
                        .anyMatch(
                                d -> d.id().equals(dead.id()) && d.attemptLog().size() > attemptsBefore));

        mvc.perform(post("/alerts/deliveries/" + UUID.randomUUID() + "/retry")
                        .session(owner)
                        .with(csrf()))
                .andExpect(
                        result -> assertThat(result.getResponse().getStatus()).isEqualTo(404));
    }

    @Test
    void anExceptionIsApprovedOnlyBySomeoneOtherThanWhoAskedForIt() throws Exception {
        CurrentResult failing =
                results.current(workspace, new ResultFilter(integrationId, null, CheckStatus.FAIL, null)).stream()
                        .filter(r -> !r.checkId().equals(CHECK))
                        .findFirst()
                        .orElseThrow();
        String tooShort = html(
                post("/exceptions")
                        .session(owner)
                        .with(csrf())
                        .param("check", failing.checkId())
                        .param("resource", failing.resourceId().toString())
                        .param("reason", "later")
                        .param("expiresOn", "2001-01-01"),
                422);
        assertThat(tooShort)
                .containsPattern("id=\"reason-error\"[^>]*>Explain in at least 10 characters")
                .containsPattern("id=\"expires-error\"[^>]*>Choose a day after today.");

        String reason = "Replaced by the new fleet next quarter " + suffix;
        mvc.perform(post("/exceptions")
                        .session(owner)
                        .with(csrf())
                        .param("check", failing.checkId())
                        .param("resource", failing.resourceId().toString())
                        .param("reason", reason)
                        .param(
                                "expiresOn",
                                LocalDate.now(ZoneOffset.UTC).plusDays(30).toString()))
                .andExpect(redirectedUrl("/exceptions?state=pending"));
        RiskException asked = exceptions.list(workspace).stream()
                .filter(e -> e.reason().equals(reason))
                .findFirst()
                .orElseThrow();
        assertThat(asked.state()).isEqualTo("PENDING");

        String ownView = html(get("/exceptions?state=pending").session(owner), 200);
        assertThat(ownView)
                .contains(reason)
                .contains("You asked for this exception; someone else must approve it.")
                .doesNotContain("/exceptions/" + asked.id() + "/approve");
        mvc.perform(post("/exceptions/" + asked.id() + "/approve")
                        .session(owner)
                        .with(csrf()))
                .andExpect(redirectedUrl("/exceptions"))
                .andExpect(
                        flash().attribute("problem", "You asked for this exception, so someone else must approve it."));
        assertThat(exceptions.get(workspace, asked.id()).state()).isEqualTo("PENDING");

        String email = "admin-" + suffix + "@example.com";
        users.create(workspace, email, "Admin", PASSWORD, Role.ADMIN, "test");
        MockHttpSession admin = signIn(email, PASSWORD);
        assertThat(html(get("/exceptions?state=pending").session(admin), 200))
                .contains("action=\"/exceptions/" + asked.id() + "/approve\"");
        mvc.perform(post("/exceptions/" + asked.id() + "/approve")
                        .session(admin)
                        .with(csrf()))
                .andExpect(redirectedUrl("/exceptions"))
                .andExpect(flash().attribute("notice", "alerting.notice.exception-approved"));

        RiskException approved = exceptions.get(workspace, asked.id());
        assertThat(approved.state()).isEqualTo("ACTIVE");
        assertThat(approved.approvedBy()).isEqualTo("user:" + email);
        assertThat(html(get("/exceptions?state=active").session(owner), 200))
                .contains(reason)
                .contains("approved by user:" + email)
                .contains("action=\"/exceptions/" + asked.id() + "/revoke\"");
    }

    // ---- Helpers ----

    private Alerting.Delivery deadLetter() {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> alerting.deliveries(workspace, "DEAD", 100).stream()
                        .anyMatch(d -> d.channelId().equals(deadChannelId)));
        return alerting.deliveries(workspace, "DEAD", 100).stream()
                .filter(d -> d.channelId().equals(deadChannelId))
                .findFirst()
                .orElseThrow();
    }

    private UUID resourceId() {
        return results.current(workspace, new ResultFilter(integrationId, CHECK, null, null)).stream()
                .map(CurrentResult::resourceId)
                .findFirst()
                .orElseThrow();
    }

    /** Sets PermitRootLogin in the host's sshd_config and collects once more. */
    private void permitRootLogin(String value) throws IOException {
        String config = Files.readString(sshdConfig).replaceAll("(?m)^PermitRootLogin .*\\n", "");
        Files.writeString(sshdConfig, "PermitRootLogin " + value + "\n" + config);
        int before = integrations.runs(workspace, integrationId, null, 100).size();
        integrations.runNow(workspace, integrationId, "test");
        awaitRuns(before + 1);
    }

    private void awaitRuns(int count) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    List<CollectionRun> runs = integrations.runs(workspace, integrationId, null, 100);
                    return runs.size() >= count
                            && runs.stream().noneMatch(r -> r.status() == CollectionRun.RunStatus.RUNNING);
                });
    }

    /** A port on the loopback where nothing listens: connections to it are refused at once. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
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

    private MockHttpSession signIn(String email, String password) throws Exception {
        return new SecondFactorTestSupport(mvc, context).signIn(email, password);
    }

    private String html(MockHttpServletRequestBuilder request, int expectedStatus) throws Exception {
        MvcResult result = mvc.perform(request).andReturn();
        String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(expectedStatus);
        return body;
    }
}
