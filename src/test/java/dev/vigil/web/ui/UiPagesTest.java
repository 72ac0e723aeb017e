package dev.vigil.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.vigil.catalog.FrameworkCatalog;
import dev.vigil.evidence.EvidenceLedger;
import dev.vigil.evidence.EvidenceRecord;
import dev.vigil.identity.Role;
import dev.vigil.identity.SecondFactorTestSupport;
import dev.vigil.identity.Users;
import dev.vigil.integration.AgentReports;
import dev.vigil.integration.CollectionRun;
import dev.vigil.integration.Integration;
import dev.vigil.integration.IntegrationRequest;
import dev.vigil.integration.Integrations;
import dev.vigil.monitoring.CheckResults;
import dev.vigil.monitoring.CheckStatus;
import dev.vigil.monitoring.CurrentResult;
import dev.vigil.monitoring.ResultFilter;
import dev.vigil.workspace.WorkspaceId;
import dev.vigil.workspace.Workspaces;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.Cookie;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The web UI rendered for real: form sign-in with the second factor, the embedded database, and an integration of the linux-host
 * connector reading a fixture filesystem (a stock Debian 12), so every page shows results that went through the
 * whole loop.
 */
@SpringBootTest(
        properties = {
            "vigil.data-dir=target/test-data/ui",
            "vigil.admin.email=owner@example.com",
            "vigil.admin.password=correct-horse-battery-staple",
            "vigil.demo.enabled=false",
        })
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UiPagesTest {

    static final String OWNER = "owner@example.com";
    static final String PASSWORD = "correct-horse-battery-staple";
    static final Path FIXTURE =
            Path.of("src/test/resources/fixtures/linux-host/debian12-stock").toAbsolutePath();
    static final List<String> FRAMEWORK_NAMES =
            List.of("SOC 2", "ISO/IEC 27001:2022", "HIPAA Security Rule", "GDPR", "CCPA");

    @Autowired
    MockMvc mvc;

    @Autowired
    Workspaces workspaces;

    @Autowired
    Users users;

    @Autowired
    Integrations integrations;

    @Autowired
    CheckResults results;

    @Autowired
    EvidenceLedger evidence;

    @Autowired
    FrameworkCatalog catalog;

    @Autowired
    ApplicationContext context;

    WorkspaceId workspace;
    MockHttpSession owner;
    UUID integrationId;
    /** The dashboard before any integration existed, when this run started from an empty database. */
    String newcomerDashboard;
    /** Unique per run: the test database under target/ survives between local runs. */
    final String suffix = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    void anIntegrationHasCollectedFromTheFixtureHost() throws Exception {
        workspace = workspaces.findBySlug("default").orElseThrow().id();
        owner = signIn(OWNER, PASSWORD);
        if (integrations.list(workspace).isEmpty()) {
            // A fresh installation without the demo integration, as in CI: keep what a newcomer sees first.
            newcomerDashboard = html(get("/").session(owner), 200);
        }
        MvcResult created = mvc.perform(post("/integrations")
                        .session(owner)
                        .with(csrf())
                        .param("connector", "linux-host")
                        .param("name", "Fixture host " + suffix)
                        .param("intervalMinutes", "60")
                        .param("enabled", "true")
                        .param("config.rootPath", FIXTURE.toString())
                        .param("config.worldWritableScanPaths", "/etc"))
                .andExpect(status().is3xxRedirection())
                .andReturn();
        String location = created.getResponse().getRedirectedUrl();
        assertThat(location).startsWith("/integrations/");
        integrationId = UUID.fromString(location.substring("/integrations/".length()));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> integrations
                        .latestRun(workspace, integrationId)
                        .filter(run -> run.status() == CollectionRun.RunStatus.SUCCEEDED)
                        .isPresent());
    }

    // ---- Signing in and out ----

    @Test
    void theSignInPageRenders() throws Exception {
        String page = html(get("/login"), 200);

        assertThat(page)
                .contains("Sign in to Vigil")
                .contains("name=\"username\"")
                .contains("type=\"password\"")
                .contains("name=\"_csrf\"")
                .contains("<label for=\"username\">Email</label>");
    }

    @Test
    void anonymousVisitorsAreSentToSignIn() throws Exception {
        for (String path : List.of("/", "/checks", "/integrations/" + integrationId)) {
            MvcResult result = mvc.perform(get(path))
                    .andExpect(status().is3xxRedirection())
                    .andReturn();
            assertThat(result.getResponse().getRedirectedUrl()).as(path).endsWith("/login");
        }
    }

    @Test
    void aFailedSignInDoesNotSayWhetherTheAccountExists() throws Exception {
        mvc.perform(formLogin("/login").user(OWNER).password("wrong-password-123"))
                .andExpect(redirectedUrl("/login?error"));
        mvc.perform(formLogin("/login").user("nobody@example.com").password("wrong-password-123"))
                .andExpect(redirectedUrl("/login?error"));

        assertThat(html(get("/login?error"), 200)).contains("That email and password do not match an account.");
    }

    @Test
    void signingOutShowsANotice() throws Exception {
        MockHttpSession session = signIn(OWNER, PASSWORD);
        mvc.perform(post("/logout").session(session).with(csrf())).andExpect(redirectedUrl("/login?signedOut"));

        assertThat(html(get("/login?signedOut"), 200)).contains("You have signed out.");
    }

    // ---- Dashboard ----

    @Test
    void theDashboardShowsReadinessOfTheFiveFrameworksAndWhatFails() throws Exception {
        String page = html(get("/").session(owner), 200);

        for (String name : FRAMEWORK_NAMES) {
            assertThat(page).contains(">" + HtmlUtils.htmlEscape(name) + "</a>");
        }
        assertThat(page)
                .contains("Security posture")
                .contains("id=\"readiness-chart\"")
                .contains("id=\"readiness-table\"")
                .contains("data-ready=")
                .contains("checks passing")
                .contains("owner@example.com")
                .contains("Sign out");

        // Failing checks are listed worst first, each with the resource, the reason and the fix.
        List<CurrentResult> failing = results.current(workspace, new ResultFilter(null, null, CheckStatus.FAIL, null));
        assertThat(failing).as("the stock Debian fixture fails some checks").isNotEmpty();
        CurrentResult worst = failing.stream()
                .min(Comparator.comparing(r -> catalog.check(r.checkId()).orElseThrow(), FrameworkCatalog.bySeverity()))
                .orElseThrow();
        String title = catalog.check(worst.checkId()).orElseThrow().title();
        assertThat(page)
                .contains("Failing checks")
                .contains(HtmlUtils.htmlEscape(title))
                .contains(HtmlUtils.htmlEscape(worst.reason()))
                .contains("<summary>How to fix</summary>")
                .containsPattern("Failing for (less than a minute|\\d+ minutes?)");
        int firstFinding = page.indexOf("class=\"finding\"");
        assertThat(page.indexOf(HtmlUtils.htmlEscape(title), firstFinding))
                .as("the most severe failing check comes first")
                .isLessThan(page.indexOf("</li>", firstFinding));
    }

    @Test
    void aNewcomerIsToldToAddAnIntegration() {
        assumeTrue(newcomerDashboard != null, "the test database already had integrations (a local re-run)");

        assertThat(newcomerDashboard)
                .contains("Connect your first system")
                .contains("href=\"/integrations/new\"")
                .contains("Add an integration")
                .doesNotContain("Failing checks");
        for (String name : FRAMEWORK_NAMES) {
            assertThat(newcomerDashboard).contains(">" + HtmlUtils.htmlEscape(name) + "</a>");
        }
    }

    @Test
    void theDashboardSpeaksPortuguese() throws Exception {
        String page = html(get("/").session(owner).header("Accept-Language", "pt-BR,pt;q=0.9"), 200);

        assertThat(page)
                .contains("lang=\"pt\"")
                .contains("Postura de segurança")
                .contains("Prontidão por framework")
                .contains(">Painel</a>")
                .contains("Verificações com falhas")
                .doesNotContain("Failing checks");
    }

    @Test
    void timesShowInTheReadersZoneAndSayWhichOne() throws Exception {
        assertThat(html(get("/checks/host.ssh-root-login-disabled").session(owner), 200))
                .contains("Times shown in UTC")
                .containsPattern("\\d{1,2}:\\d{2}:\\d{2} [AP]M UTC</time>");
        assertThat(html(
                        get("/checks/host.ssh-root-login-disabled")
                                .session(owner)
                                .cookie(new Cookie(UiAdvice.TIME_ZONE_COOKIE, "Asia%2FTokyo")),
                        200))
                .contains("Times shown in JST")
                .containsPattern("\\d{1,2}:\\d{2}:\\d{2} [AP]M JST</time>");
        assertThat(html(get("/").session(owner).cookie(new Cookie(UiAdvice.TIME_ZONE_COOKIE, "Mars/Olympus")), 200))
                .contains("Times shown in UTC");
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefusedWithAnExplanation() throws Exception {
        mvc.perform(post("/integrations/" + integrationId + "/enabled")
                        .session(owner)
                        .param("enabled", "false"))
                .andExpect(status().isForbidden());
        assertThat(integrations.get(workspace, integrationId).enabled()).isTrue();

        // The container forwards the refusal to /error (MockMvc does not), which renders the 403 page.
        String page = html(
                get("/error")
                        .session(owner)
                        .accept("text/html")
                        .requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 403)
                        .requestAttr(
                                RequestDispatcher.ERROR_REQUEST_URI, "/integrations/" + integrationId + "/enabled"),
                403);
        assertThat(page)
                .contains("The request was refused")
                .contains("Reload the page and try again")
                .contains("owner@example.com");
    }

    @Test
    void anUnsupportedLanguageFallsBackToEnglish() throws Exception {
        assertThat(html(get("/").session(owner).header("Accept-Language", "de-DE,de;q=0.9"), 200))
                .contains("lang=\"en\"")
                .contains("Readiness by framework");
    }

    // ---- Drill-down pages ----

    @Test
    void frameworkPagesShowReadinessRequirementsAndTheirControls() throws Exception {
        assertThat(html(get("/frameworks").session(owner), 200))
                .contains("HIPAA Security Rule")
                .contains("<meter");

        String hipaa = html(get("/frameworks/hipaa-security").session(owner), 200);
        assertThat(hipaa).contains("Access control").contains("Covering controls");
        assertThat(hipaa).contains("Coverage by the control library").contains("Proven by automated checks");

        // Requirement ids carry spaces and parentheses: the link is one encoded path segment, and it resolves.
        String gdpr = html(get("/frameworks/gdpr").session(owner), 200);
        assertThat(gdpr).contains("href=\"/frameworks/gdpr/requirements/Art.%2032(1)(b)\"");
        String requirement = html(
                get(URI.create("/frameworks/gdpr/requirements/Art.%2032(1)(b)")).session(owner), 200);
        assertThat(requirement).contains("Art. 32(1)(b)").contains("Controls that cover it");

        URI hipaaRequirement = UriComponentsBuilder.fromPath("/frameworks/hipaa-security/requirements/{id}")
                .encode()
                .buildAndExpand("164.312(a)(2)(iv)")
                .toUri();
        assertThat(html(get(hipaaRequirement).session(owner), 200))
                .contains("164.312(a)(2)(iv)")
                .contains("Data at rest is encrypted");
    }

    @Test
    void controlPagesShowStatusChecksAndMappedRequirements() throws Exception {
        assertThat(html(get("/controls").session(owner), 200)).contains("Data at rest is encrypted");
        assertThat(html(get("/controls?state=FAILING").session(owner), 200)).contains("Controls");

        String control = html(get("/controls/crypto.data-at-rest-encrypted").session(owner), 200);
        assertThat(control)
                .contains("Data at rest is encrypted")
                .contains("Checks that prove it")
                .contains("host.data-volumes-encrypted")
                .contains("Requirements it satisfies")
                .contains("164.312(a)(2)(iv)")
                .contains("Art. 32(1)(a)");
    }

    @Test
    void checkPagesShowTheDefinitionAndEveryResourceResult() throws Exception {
        assertThat(html(get("/checks").session(owner), 200)).contains("SSH refuses direct sign-in as root");
        assertThat(html(get("/checks?state=FAILING&severity=high").session(owner), 200))
                .contains("Checks");

        String check = html(get("/checks/host.ssh-root-login-disabled").session(owner), 200);
        CurrentResult result = results.currentOf(workspace, "host.ssh-root-login-disabled", resourceId())
                .orElseThrow();
        assertThat(check)
                .contains("SSH refuses direct sign-in as root")
                .contains("Why it matters")
                .contains("How to fix")
                .contains("<code>resource.sshd.permitRootLogin == &#39;no&#39;</code>")
                .contains(HtmlUtils.htmlEscape(result.reason()))
                .contains("href=\"/resources/" + result.resourceId() + "\"")
                .contains("href=\"/evidence/" + result.evidenceId() + "\"")
                .contains("Recent changes");
    }

    @Test
    void resourcePagesShowAttributesResultsAndEvidence() throws Exception {
        UUID resource = resourceId();
        String list = html(get("/resources").session(owner), 200);
        assertThat(list).contains("href=\"/resources/" + resource + "\"").contains("host.linux");
        assertThat(html(get("/resources?type=host.linux").session(owner), 200))
                .contains("href=\"/resources/" + resource);

        String page = html(get("/resources/" + resource).session(owner), 200);
        EvidenceRecord latest = evidence.latest(workspace, resource).orElseThrow();
        assertThat(page)
                .contains("Attributes")
                .contains("<th scope=\"row\">sshd</th>")
                .contains("Current results")
                .contains("SSH refuses direct sign-in as root")
                .contains("Evidence history")
                .contains("href=\"/evidence/" + latest.id() + "\"");
    }

    @Test
    void theEvidencePageShowsTheChainAndTheRawObservations() throws Exception {
        EvidenceRecord latest = evidence.latest(workspace, resourceId()).orElseThrow();

        String page = html(get("/evidence/" + latest.id()).session(owner), 200);

        assertThat(page)
                .contains(latest.contentHash())
                .contains(latest.previousHash())
                .contains(latest.recordHash())
                .contains("Sequence in the chain")
                .contains("Raw observations")
                .contains("<pre>")
                .contains("UTC");
    }

    @Test
    void unknownIdsGetTheNotFoundPage() throws Exception {
        for (String path : List.of(
                "/checks/no.such-check",
                "/controls/no.such-control",
                "/frameworks/no-such-framework",
                "/frameworks/soc2/requirements/XX9.9",
                "/resources/" + UUID.randomUUID(),
                "/resources/not-a-uuid",
                "/evidence/" + UUID.randomUUID(),
                "/integrations/" + UUID.randomUUID(),
                "/integrations/" + UUID.randomUUID() + "/edit",
                "/integrations/new?connector=no-such-connector",
                "/no-such-page")) {
            assertThat(html(get(path).session(owner).accept("text/html"), 404))
                    .as(path)
                    .contains("We could not find that");
        }
    }

    // ---- Integrations ----

    @Test
    void anAgentIntegrationShowsItsAgentsLastReport(@Autowired AgentReports agents) throws Exception {
        Integration integration = integrations.create(
                workspace,
                new IntegrationRequest("linux-agent", "Agent host " + suffix, Map.of(), 5, true),
                "user:" + OWNER);
        String id = integration.id().toString();
        assertThat(html(get("/integrations/" + id).session(owner), 200)).contains("No agent token yet");

        String token = agents.rotateToken(workspace, integration.id(), "user:" + OWNER);
        assertThat(html(get("/integrations/" + id).session(owner), 200)).contains("The agent has not reported yet");

        String report = "{\"agent\":{\"hostname\":\"agent-host-" + suffix + "\",\"version\":\"9.9.9\",\"sentAt\":\""
                + java.time.Instant.now() + "\"},\"reportId\":\"" + UUID.randomUUID() + "\",\"resources\":[{"
                + "\"type\":\"host.linux\",\"externalId\":\"agent-host-" + suffix + "\",\"name\":\"agent-host\","
                + "\"attributes\":{\"hostname\":\"agent-host\"},\"unknown\":{},\"raw\":{}}]}";
        agents.accept(
                integration.id(),
                "Bearer " + token,
                -1,
                new java.io.ByteArrayInputStream(report.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        String detail = html(get("/integrations/" + id).session(owner), 200);
        assertThat(detail)
                .contains("Last report")
                .contains("agent-host-" + suffix)
                .contains("9.9.9")
                .contains("Token created");
        assertThat(html(get("/integrations/" + id).session(owner).header("Accept-Language", "pt-BR,pt;q=0.9"), 200))
                .contains("Último relatório");
    }

    @Test
    void theIntegrationPagesListShowAndEdit() throws Exception {
        String list = html(get("/integrations").session(owner), 200);
        assertThat(list)
                .contains("Fixture host " + suffix)
                .contains("Linux host")
                .contains("Succeeded");

        String detail = html(get("/integrations/" + integrationId).session(owner), 200);
        assertThat(detail)
                .contains("Run now")
                .contains("hx-post=\"/integrations/" + integrationId + "/run\"")
                .contains("Run history")
                .contains("Root directory")
                .contains(FIXTURE.toString());

        String edit = html(get("/integrations/" + integrationId + "/edit").session(owner), 200);
        assertThat(edit)
                .contains("name=\"config.rootPath\"")
                .contains("value=\"" + FIXTURE + "\"")
                .contains("type=\"checkbox\"")
                .contains("name=\"intervalMinutes\"");

        String form = html(get("/integrations/new?connector=linux-host").session(owner), 200);
        assertThat(form)
                .contains("value=\"15\"")
                .contains("name=\"config.runCommands\"")
                .contains("value=\"/\"");
    }

    @Test
    void theIntegrationFormShowsFieldErrorsNextToTheFields() throws Exception {
        String page = html(
                post("/integrations")
                        .session(owner)
                        .with(csrf())
                        .param("connector", "linux-host")
                        .param("name", "")
                        .param("intervalMinutes", "0")
                        .param("config.rootPath", "/"),
                422);

        assertThat(page)
                .contains("Some fields need your attention")
                .containsPattern("id=\"name-error\"[^>]*>This field is required.<")
                .containsPattern("id=\"intervalMinutes-error\"[^>]*>Enter a whole number of minutes from 1 to 10080.<")
                .contains("aria-invalid=\"true\"");

        assertThat(html(
                        post("/integrations")
                                .session(owner)
                                .with(csrf())
                                .param("connector", "linux-host")
                                .param("name", "Never created " + suffix)
                                .param("intervalMinutes", "often"),
                        422))
                .containsPattern("id=\"intervalMinutes-error\"[^>]*>Enter a whole number.<");
        assertThat(integrations.list(workspace)).noneMatch(i -> i.name().startsWith("Never created"));
    }

    @Test
    void runNowSwapsInALiveStatusThatStopsPollingWhenTheRunEnds() throws Exception {
        String fragment = html(
                post("/integrations/" + integrationId + "/run")
                        .session(owner)
                        .with(csrf())
                        .header("HX-Request", "true"),
                200);
        assertThat(fragment)
                .startsWith("<section")
                .contains("id=\"run-status\"")
                .doesNotContain("<html");
        assertThat(fragment).containsAnyOf("Run requested.", "A run is already in progress.");

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> !html(
                                get("/integrations/" + integrationId + "/run-status?poll=true")
                                        .session(owner),
                                200)
                        .contains("every 1s"));
        MvcResult done = mvc.perform(get("/integrations/" + integrationId + "/run-status?poll=true")
                        .session(owner))
                .andExpect(header().string("HX-Trigger", "vigil-run-finished"))
                .andReturn();
        assertThat(done.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .contains("Succeeded");
        assertThat(html(get("/integrations/" + integrationId + "/runs").session(owner), 200))
                .contains("id=\"run-history\"")
                .contains("hx-trigger=\"vigil-run-finished from:body\"")
                .contains("<td>Manual</td>");
    }

    @Test
    void disablingAndEnablingKeepsTheSettings() throws Exception {
        mvc.perform(post("/integrations/" + integrationId + "/enabled")
                        .session(owner)
                        .with(csrf())
                        .param("enabled", "false"))
                .andExpect(redirectedUrl("/integrations/" + integrationId));
        assertThat(integrations.get(workspace, integrationId).enabled()).isFalse();
        assertThat(html(get("/integrations/" + integrationId).session(owner), 200))
                .contains("Disabled");

        mvc.perform(post("/integrations/" + integrationId + "/enabled")
                        .session(owner)
                        .with(csrf())
                        .param("enabled", "true"))
                .andExpect(redirectedUrl("/integrations/" + integrationId));
        assertThat(integrations.get(workspace, integrationId).enabled()).isTrue();
        assertThat(integrations.get(workspace, integrationId).config()).containsEntry("rootPath", FIXTURE.toString());
    }

    @Test
    void deletingAsksForConfirmationFirst() throws Exception {
        MvcResult created = mvc.perform(post("/integrations")
                        .session(owner)
                        .with(csrf())
                        .param("connector", "linux-host")
                        .param("name", "Short-lived " + suffix)
                        .param("config.rootPath", FIXTURE.toString()))
                .andExpect(status().is3xxRedirection())
                .andReturn();
        String location = created.getResponse().getRedirectedUrl();

        assertThat(html(get(location + "/delete").session(owner), 200))
                .contains("Delete “Short-lived " + suffix + "”?")
                .contains("Delete integration")
                .contains("stays in the ledger for the audit period");
        mvc.perform(post(location + "/delete").session(owner).with(csrf())).andExpect(redirectedUrl("/integrations"));

        assertThat(integrations.list(workspace)).noneMatch(i -> i.name().equals("Short-lived " + suffix));
    }

    // ---- Roles and security headers ----

    @Test
    void aMemberGetsAFriendlyForbiddenPage() throws Exception {
        String email = "member-" + suffix + "@example.com";
        users.create(workspace, email, "Member", PASSWORD, Role.MEMBER, "test");
        MockHttpSession member = signIn(email, PASSWORD);

        String page = html(get("/").session(member), 403);

        assertThat(page)
                .contains("This page is not part of your role")
                .contains("You are signed in with the role Member.")
                .contains("Members see and complete their own tasks")
                .contains("ask an owner of your Vigil workspace")
                .doesNotContain("href=\"/checks\"");
        assertThat(html(get("/integrations").session(member), 403)).contains("This page is not part of your role");
        assertThat(html(get("/").session(member).header("Accept-Language", "pt"), 403))
                .contains("Esta página não faz parte da sua função");
    }

    @Test
    void evidenceTasksAcceptADocumentAndShowWhyOneIsRefused() throws Exception {
        String list = html(get("/evidence-tasks").session(owner), 200);
        assertThat(list).contains("Evidence tasks").contains("/evidence-tasks/task.backup-restore-test");

        String task = "/evidence-tasks/task.backup-restore-test";
        String page = html(get(task).session(owner), 200);
        assertThat(page).contains("enctype=\"multipart/form-data\"").contains("Effective date");

        var empty = new org.springframework.mock.web.MockMultipartFile("file", "", "application/pdf", new byte[0]);
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart(task + "/uploads")
                        .file(empty)
                        .param("effectiveDate", "2026-01-10")
                        .session(owner)
                        .with(csrf()))
                .andExpect(status().is(422))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("The document was not stored")));

        var restoreLog = new org.springframework.mock.web.MockMultipartFile(
                "file", "restore-test.txt", "text/plain", "restored 12 GB in 14 min".getBytes());
        String effective =
                java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1).toString();
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart(task + "/uploads")
                        .file(restoreLog)
                        .param("effectiveDate", effective)
                        .session(owner)
                        .with(csrf()))
                .andExpect(redirectedUrl(task));
        assertThat(html(get(task).session(owner), 200))
                .contains("restore-test.txt")
                .contains("Current");
    }

    @Test
    void scopePageTurnsCategoriesOffAndRefusesLeavingSecurityOut() throws Exception {
        String page = html(get("/settings/scope").session(owner), 200);
        assertThat(page).contains("Frameworks in scope").contains("Processing integrity");

        // A request that leaves security out (the page always sends it) is refused with the reason.
        html(
                post("/settings/scope/soc2")
                        .param("inScope", "true")
                        .param("included", "availability")
                        .session(owner)
                        .with(csrf()),
                422);
        mvc.perform(post("/settings/scope/soc2")
                        .param("inScope", "true")
                        .param("included", "security", "availability", "confidentiality", "processing-integrity")
                        .session(owner)
                        .with(csrf()))
                .andExpect(redirectedUrl("/settings/scope"));
        assertThat(html(get("/frameworks").session(owner), 200)).contains("Left out of scope: privacy");
        mvc.perform(post("/settings/scope/soc2")
                        .param("inScope", "true")
                        .param(
                                "included",
                                "security",
                                "availability",
                                "confidentiality",
                                "processing-integrity",
                                "privacy")
                        .session(owner)
                        .with(csrf()))
                .andExpect(redirectedUrl("/settings/scope"));
    }

    @Test
    void auditLogShowsSignInsAndTheChainState() throws Exception {
        mvc.perform(formLogin("/login")
                        .user("nobody-" + suffix + "@example.com")
                        .password("wrong-password-123"))
                .andExpect(redirectedUrl("/login?error"));
        String page = html(get("/audit-log").session(owner), 200);
        assertThat(page).contains("Audit log").contains("sign-in.succeeded").contains("is intact");
        assertThat(page)
                .as("a failed sign-in for an unknown account belongs to no workspace")
                .doesNotContain("nobody-");
        assertThat(html(get("/audit-log?action=sign-in.").session(owner), 200))
                .contains("sign-in.succeeded")
                .doesNotContain("integration.created");
    }

    @Test
    void repeatedWrongPasswordsLockTheAccountEvenForTheRightPassword() throws Exception {
        String email = "target-" + suffix + "@example.com";
        users.create(workspace, email, "Target", PASSWORD, Role.ADMIN, "test");
        String unknown = "nobody-at-all-" + suffix + "@example.com";
        for (int attempt = 0; attempt < 5; attempt++) {
            mvc.perform(formLogin("/login").user(email).password("guess-" + attempt + "-abcdefgh"))
                    .andExpect(redirectedUrl("/login?error"));
            mvc.perform(formLogin("/login").user(unknown).password("guess-" + attempt + "-abcdefgh"))
                    .andExpect(redirectedUrl("/login?error"));
        }

        // The right password is refused during the lock, and an unknown account is treated the same way.
        mvc.perform(formLogin("/login").user(email).password(PASSWORD)).andExpect(redirectedUrl("/login?locked=1"));
        mvc.perform(formLogin("/login").user(unknown).password(PASSWORD)).andExpect(redirectedUrl("/login?locked=1"));
        assertThat(html(get("/login?locked=1"), 200)).contains("Too many failed sign-in attempts");
        assertThat(html(get("/login?locked=%3Cb%3E"), 200)).doesNotContain("<b>");
    }

    @Test
    void theDashboardPointsToEvidenceThatIsMissing() throws Exception {
        assertThat(html(get("/").session(owner), 200))
                .contains("id=\"evidence-tasks-due\"")
                .contains("evidence tasks have nothing yet")
                .contains("href=\"/evidence-tasks\"");
    }

    @Test
    void testConnectionShowsEachStepInPlace() throws Exception {
        assertThat(html(get("/integrations/" + integrationId).session(owner), 200))
                .contains("Test connection");
        String fragment = html(
                post("/integrations/" + integrationId + "/test")
                        .header("HX-Request", "true")
                        .session(owner)
                        .with(csrf()),
                200);
        assertThat(fragment)
                .contains("id=\"connection-test\"")
                .contains("Connection test passed")
                .contains("Reach and sign in")
                .doesNotContain("<html");
    }

    @Test
    void anAuditorReadsButSeesNoWriteButtons() throws Exception {
        String email = "auditor-" + suffix + "@example.com";
        users.create(workspace, email, "Auditor", PASSWORD, Role.AUDITOR, "test");
        MockHttpSession auditor = signIn(email, PASSWORD);

        String detail = html(get("/integrations/" + integrationId).session(auditor), 200);
        assertThat(detail).contains("Run history").doesNotContain("Run now").doesNotContain("/edit\"");
        assertThat(html(get("/integrations").session(auditor), 200)).doesNotContain("Add integration");

        html(post("/integrations/" + integrationId + "/run").session(auditor).with(csrf()), 403);
        html(get("/integrations/new?connector=linux-host").session(auditor), 403);
        assertThat(html(get("/evidence-tasks/task.backup-restore-test").session(auditor), 200))
                .doesNotContain("multipart/form-data");
        html(get("/settings/scope").session(auditor), 403);
    }

    @Test
    void theContentSecurityPolicyForbidsInlineCodeAndPagesNeedNone() throws Exception {
        MvcResult result = mvc.perform(
                        get("/checks/host.ssh-root-login-disabled").session(owner))
                .andExpect(status().isOk())
                .andReturn();
        String policy = result.getResponse().getHeader("Content-Security-Policy");

        assertThat(policy)
                .contains("script-src 'self'")
                .contains("style-src 'self'")
                .doesNotContain("unsafe-inline");
        for (String path : List.of(
                "/login",
                "/",
                "/frameworks/soc2",
                "/checks/host.ssh-root-login-disabled",
                "/resources/" + resourceId(),
                "/integrations/" + integrationId,
                "/integrations/new?connector=linux-host")) {
            String page = html(path.equals("/login") ? get(path) : get(path).session(owner), 200);
            assertThat(page).as(path).doesNotContainPattern("(?i)<style").doesNotContainPattern("(?i)\\sstyle=");
            Matcher scripts = Pattern.compile("(?i)<script([^>]*)>").matcher(page);
            while (scripts.find()) {
                assertThat(scripts.group(1))
                        .as(path + ": every script is a file")
                        .contains("src=");
            }
            assertThat(page).as(path).doesNotContainPattern("(?i)\\son[a-z]+=\"");
        }
    }

    @Test
    void htmxRequestsCarryTheCsrfToken() throws Exception {
        String page = html(get("/").session(owner), 200);

        assertThat(page)
                .contains("<meta name=\"_csrf\" content=\"")
                .contains("<meta name=\"_csrf_header\" content=\"X-CSRF-TOKEN\">")
                .contains("\"includeIndicatorStyles\":false")
                .containsPattern("src=\"/webjars/htmx.org/[^\"]*dist/htmx.min.js\"")
                .contains("src=\"/js/vigil.js\"");
        mvc.perform(get("/webjars/htmx.org/dist/htmx.min.js")).andExpect(status().isOk());
        mvc.perform(get("/webjars/chart.js/dist/chart.umd.min.js")).andExpect(status().isOk());
        mvc.perform(get("/js/readiness-chart.js")).andExpect(status().isOk());
    }

    // ---- Helpers ----

    /** Password and second factor through the real pages (enrolling the first time); see SecondFactorTestSupport. */
    private MockHttpSession signIn(String email, String password) throws Exception {
        return new SecondFactorTestSupport(mvc, context).signIn(email, password);
    }

    private String html(MockHttpServletRequestBuilder request, int expectedStatus) throws Exception {
        MvcResult result = mvc.perform(request).andReturn();
        String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(expectedStatus);
        return body;
    }

    private UUID resourceId() {
        return results.current(workspace, new ResultFilter(integrationId, null, null, null)).stream()
                .map(CurrentResult::resourceId)
                .findFirst()
                .orElseThrow();
    }
}
