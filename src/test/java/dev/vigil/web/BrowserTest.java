package dev.vigil.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.identity.SecondFactorTestSupport;
import dev.vigil.identity.Totp;
import dev.vigil.integration.CollectionRun;
import dev.vigil.integration.Integrations;
import dev.vigil.workspace.WorkspaceId;
import dev.vigil.workspace.Workspaces;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A security lead's first visit, in a real Chromium: sign in, set up the authenticator app, see the five frameworks on the dashboard, open a
 * failing check and follow it down to the evidence it was based on. Then the alerting pages: add a webhook channel from its form and
 * send it a test alert that a receiver in the test takes.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "vigil.data-dir=target/test-data/browser",
            "vigil.admin.email=owner@example.com",
            "vigil.admin.password=correct-horse-battery-staple",
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserTest {

    /** Debian's Chromium; Playwright cannot download its own browser on our machines. */
    static final Path CHROMIUM =
            Path.of(System.getenv().getOrDefault("PLAYWRIGHT_CHROMIUM_EXECUTABLE", "/usr/bin/chromium"));

    @LocalServerPort
    int port;

    @Autowired
    Integrations integrations;

    @Autowired
    Workspaces workspaces;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationContext context;

    private Playwright playwright;
    private Browser browser;

    @BeforeAll
    void startBrowser() {
        assertThat(CHROMIUM)
                .as("the browser test needs Chromium at %s (apt-get install chromium)", CHROMIUM)
                .satisfies(path -> assertThat(Files.isExecutable(path)).isTrue());
        playwright = Playwright.create();
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(CHROMIUM)
                        .setHeadless(true)
                        .setArgs(List.of(
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--no-first-run",
                                "--disable-quic")));
        // A database kept from an earlier local run has the owner enrolled; show the first sign-in every time.
        jdbc.sql("delete from totp_factor where user_id = (select id from app_user where email = 'owner@example.com')")
                .update();
        WorkspaceId workspace = workspaces.findBySlug("default").orElseThrow().id();
        await().atMost(Duration.ofSeconds(90))
                .until(() -> integrations.list(workspace).stream()
                        .anyMatch(i -> integrations
                                .latestRun(workspace, i.id())
                                .filter(run -> run.status() == CollectionRun.RunStatus.SUCCEEDED)
                                .isPresent()));
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    @Test
    void signInAndFollowAFailingCheckToItsEvidence() {
        Page page = browser.newContext(new Browser.NewContextOptions().setLocale("en-US"))
                .newPage();
        page.navigate(url("/"));
        assertThat(page).hasURL(url("/login"));

        page.locator("#username").fill("owner@example.com");
        page.locator("#password").fill("correct-horse-battery-staple");
        page.locator("button[type=submit]").click();

        // First sign-in of the first-start owner: set up an authenticator before anything else. The test plays the
        // app: it reads the key shown for manual entry and computes the current code.
        assertThat(page).hasURL(url("/mfa"));
        assertThat(page.locator("h1")).hasText("Set up your authenticator app");
        assertThat(page.locator("svg.qr-code")).isVisible();
        String secret = page.locator("#manual-secret").textContent().replace(" ", "");
        page.locator("#code").fill(Totp.code(secret, Totp.step(Instant.now())));
        page.locator("button[type=submit]").first().click();
        assertThat(page.locator("#recovery-codes li")).hasCount(10);
        assertThat(page.locator("body")).containsText("This is the only time they are shown");
        page.locator("#continue").click();
        // Back to the page asked for (Spring Security marks the resumed request with "?continue").
        assertThat(page).hasURL(java.util.regex.Pattern.compile("^http://localhost:\\d+/(\\?continue)?$"));

        Locator readiness = page.locator("#readiness-table");
        for (String framework : List.of("SOC 2", "ISO/IEC 27001:2022", "HIPAA Security Rule", "GDPR", "CCPA")) {
            assertThat(readiness).containsText(framework);
        }
        assertThat(page.locator("#readiness-chart")).isVisible();

        Locator failingCheck = page.locator("section[aria-labelledby=failing-heading] a[href^='/checks/']")
                .first();
        String checkTitle = failingCheck.textContent().strip();
        failingCheck.click();
        assertThat(page.locator("h1")).containsText(checkTitle);
        assertThat(page.locator(".header-badges")).containsText("Failing");

        page.locator("a[href^='/evidence/']").first().click();
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/evidence/[0-9a-f-]{36}$"));
        assertThat(page.locator("code.hash").first()).hasText(java.util.regex.Pattern.compile("[0-9a-f]{64}"));
        assertThat(page.locator("body")).containsText("sshd");
    }

    @Test
    void aChannelIsAddedFromItsFormAndTakesATestAlert() throws Exception {
        AtomicInteger received = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            Page page = browser.newContext(new Browser.NewContextOptions().setLocale("en-US"))
                    .newPage();
            signIn(page);

            page.navigate(url("/alerts"));
            assertThat(page.locator("h1")).hasText("Alerts");
            assertThat(page.locator("nav.main-nav a[aria-current=page]")).containsText("Alerts");

            page.locator("nav.tabs a", new Page.LocatorOptions().setHasText("Channels"))
                    .click();
            page.locator("a", new Page.LocatorOptions().setHasText("Add channel"))
                    .first()
                    .click();
            page.locator("a[href$='type=webhook']").click();
            String name = "Browser receiver " + UUID.randomUUID().toString().substring(0, 8);
            page.getByLabel("Name").fill(name);
            page.getByLabel("URL")
                    .fill("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
            page.getByLabel("Signing secret").fill("a-signing-secret-for-the-browser");
            page.locator("#channel-form button[type=submit]").click();

            assertThat(page).hasURL(url("/settings/alert-channels"));
            assertThat(page.locator(".notices")).containsText("Channel “" + name + "” added.");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send a test alert to " + name))
                    .click();
            // htmx swaps the answer in place: the page stays, the result appears above the list.
            assertThat(page.locator("#channel-test")).containsText(name + " accepted the test alert.");
            assertThat(page.locator("#channel-test")).containsText("HTTP 204");
            assertThat(page).hasURL(url("/settings/alert-channels"));
            assertThat(received.get()).isEqualTo(1);
        } finally {
            receiver.stop(0);
            // The first-visit test shows enrollment, whichever of the two runs first.
            new SecondFactorTestSupport(null, context).forgetFactor("owner@example.com");
        }
    }

    /** Password and second factor, enrolling the owner when no earlier test did. */
    private void signIn(Page page) throws InterruptedException {
        page.navigate(url("/login"));
        page.locator("#username").fill("owner@example.com");
        page.locator("#password").fill("correct-horse-battery-staple");
        page.locator("button[type=submit]").click();
        assertThat(page).hasURL(url("/mfa"));
        SecondFactorTestSupport factors = new SecondFactorTestSupport(null, context);
        if (factors.storedSecret("owner@example.com").isEmpty()) {
            String secret = page.locator("#manual-secret").textContent().replace(" ", "");
            page.locator("#code").fill(Totp.code(secret, Totp.step(Instant.now())));
            page.locator("button[type=submit]").first().click();
            page.locator("#continue").click();
        } else {
            page.locator("#code").fill(factors.nextCode("owner@example.com"));
            page.locator("button[type=submit]").first().click();
        }
        assertThat(page).not().hasURL(java.util.regex.Pattern.compile(".*/(login|mfa).*"));
    }

    @Test
    void wrongPasswordIsRefusedWithoutSayingWhy() {
        Page page = browser.newPage();
        page.navigate(url("/login"));
        page.locator("#username").fill("owner@example.com");
        page.locator("#password").fill("not-the-password");
        page.locator("button[type=submit]").click();

        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/login\\?error.*"));
        assertThat(page.locator("body")).not().containsText("correct-horse");
        page.locator("#username").fill("nobody@example.com");
        page.locator("#password").fill("not-the-password");
        page.locator("button[type=submit]").click();
        assertThat(page.locator("[role=alert]").first()).isVisible();
    }
}
