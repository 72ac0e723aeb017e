package dev.vigil.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.vigil.audit.AuditEvent;
import dev.vigil.audit.AuditLog;
import dev.vigil.workspace.WorkspaceId;
import dev.vigil.workspace.Workspaces;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
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

/**
 * The second factor through the real pages and filter chain: forced enrollment, codes, replays, recovery codes,
 * the throttle, and an owner resetting someone's factor. The TOTP arithmetic itself (test vectors, drift) is in
 * {@link TotpTest}.
 */
@SpringBootTest(
        properties = {
            "vigil.data-dir=target/test-data/mfa",
            "vigil.admin.email=owner@example.com",
            "vigil.admin.password=correct-horse-battery-staple",
            "vigil.admin.api-token=vgl_mfa-test-token-0123456789",
            "vigil.demo.enabled=false",
        })
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MfaTest {

    static final String OWNER = "owner@example.com";
    static final String PASSWORD = "correct-horse-battery-staple";

    @Autowired
    MockMvc mvc;

    @Autowired
    ApplicationContext context;

    @Autowired
    Users users;

    @Autowired
    Workspaces workspaces;

    @Autowired
    AuditLog audit;

    SecondFactorTestSupport support;
    WorkspaceId workspace;
    /** Unique per run: the test database under target/ survives between local runs. */
    final String suffix = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    void setUp() {
        support = new SecondFactorTestSupport(mvc, context);
        workspace = workspaces.findBySlug("default").orElseThrow().id();
    }

    @Test
    void theFirstStartOwnerMustEnrollBeforeReachingAnythingElse() throws Exception {
        // On a database kept from an earlier run the owner enrolled already; start from what a fresh start has.
        support.forgetFactor(OWNER);
        MockHttpSession session = support.passwordOnly(OWNER, PASSWORD);

        for (String path : List.of("/", "/checks", "/integrations", "/audit-log", "/settings/people", "/nowhere")) {
            mvc.perform(get(path).session(session).accept("text/html")).andExpect(redirectedUrl("/mfa"));
        }
        // What is not a page navigation gets a plain refusal instead of a redirect.
        mvc.perform(get("/checks").session(session).header("HX-Request", "true"))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/").session(session).accept("application/json")).andExpect(status().isUnauthorized());
        mvc.perform(post("/integrations").session(session).with(csrf()).param("connector", "linux-host"))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/login").session(session)).andExpect(redirectedUrl("/mfa"));

        String page = html(get("/mfa").session(session), 200);
        assertThat(page)
                .contains("Set up your authenticator app")
                .contains("<svg")
                .contains("autocomplete=\"one-time-code\"")
                .contains("inputmode=\"numeric\"")
                .contains("<label for=\"code\">")
                .as("no navigation and no role before the second factor")
                .doesNotContain("href=\"/checks\"")
                .doesNotContainPattern("(?i)<script(?![^>]*src=)")
                .doesNotContainPattern("(?i)\\sstyle=");
        String secret = SecondFactorTestSupport.manualSecret(page);
        assertThat(Base32.decode(secret)).hasSize(20);
        assertThat(decodeQrCode(page))
                .isEqualTo("otpauth://totp/Vigil:owner@example.com?secret=" + secret + "&issuer=Vigil");
        // The same key on a reload, until it is confirmed.
        assertThat(SecondFactorTestSupport.manualSecret(html(get("/mfa").session(session), 200)))
                .isEqualTo(secret);

        String wrong = html(post("/mfa/enroll").session(session).with(csrf()).param("code", "000000x"), 422);
        assertThat(wrong).contains("That code is not right").contains(secret.substring(0, 4));
        mvc.perform(get("/").session(session)).andExpect(redirectedUrl("/mfa"));

        String codesPage = html(
                post("/mfa/enroll")
                        .session(session)
                        .with(csrf())
                        .param("code", Totp.code(secret, Totp.step(Instant.now()))),
                200);
        List<String> codes = SecondFactorTestSupport.recoveryCodes(codesPage);
        assertThat(codes).hasSize(10).doesNotHaveDuplicates();
        assertThat(codesPage).contains("the only time they are shown");

        assertThat(html(get("/").session(session), 200))
                .contains("href=\"/checks\"")
                .contains("href=\"/settings/people\"");
        assertThat(html(get("/mfa").session(session).accept("text/html"), 302)).isEmpty();
        assertThat(actions(OWNER)).contains("mfa.enrolled");
        assertThat(support.storedSecret(OWNER)).contains(secret);
        assertThat(rawStoredSecret(OWNER))
                .as("encrypted at rest")
                .startsWith("vigil-encrypted:v1:")
                .doesNotContain(secret);
    }

    @Test
    void aCorrectCodeSignsInAndAWrongOneDoesNot() throws Exception {
        String email = person(Role.ADMIN);
        SecondFactorTestSupport.Enrollment enrolled = support.enroll(support.passwordOnly(email, PASSWORD));
        String other = person(Role.ADMIN);
        String otherSecret =
                support.enroll(support.passwordOnly(other, PASSWORD)).secret();

        MockHttpSession session = support.passwordOnly(email, PASSWORD);
        assertThat(html(get("/mfa").session(session), 200))
                .contains("Enter your code")
                .doesNotContain("<svg");
        String code = support.nextCode(email);
        String wrong = String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
        assertThat(html(post("/mfa/verify").session(session).with(csrf()).param("code", wrong), 422))
                .contains("That code is not right");
        // A valid code of someone else proves nothing about this person.
        html(
                post("/mfa/verify")
                        .session(session)
                        .with(csrf())
                        .param("code", SecondFactorTestSupport.codeAfter(otherSecret, support.lastUsedStep(other))),
                422);
        mvc.perform(get("/").session(session)).andExpect(redirectedUrl("/mfa"));

        mvc.perform(post("/mfa/verify").session(session).with(csrf()).param("code", code))
                .andExpect(redirectedUrl("/"));
        html(get("/").session(session), 200);
        assertThat(actions(email)).contains("mfa.verified", "mfa.failed");
        assertThat(enrolled.recoveryCodes()).hasSize(10);
    }

    @Test
    void aCodeCannotBeReplayed() throws Exception {
        String email = person(Role.ADMIN);
        support.enroll(support.passwordOnly(email, PASSWORD));
        String code = support.nextCode(email);
        MockHttpSession first = support.passwordOnly(email, PASSWORD);
        mvc.perform(post("/mfa/verify").session(first).with(csrf()).param("code", code))
                .andExpect(redirectedUrl("/"));

        MockHttpSession second = support.passwordOnly(email, PASSWORD);
        assertThat(html(post("/mfa/verify").session(second).with(csrf()).param("code", code), 422))
                .contains("That code was used already");
        mvc.perform(get("/").session(second)).andExpect(redirectedUrl("/mfa"));
        AuditEvent failure =
                audit.page(workspace, "mfa.failed", "user:" + email, null, 1).get(0);
        assertThat(failure.details()).containsEntry("reason", "replayed-code");
    }

    @Test
    void aRecoveryCodeWorksOnceInsteadOfACode() throws Exception {
        String email = person(Role.AUDITOR);
        List<String> codes =
                support.enroll(support.passwordOnly(email, PASSWORD)).recoveryCodes();

        MockHttpSession first = support.passwordOnly(email, PASSWORD);
        assertThat(html(get("/mfa").session(first), 200)).contains("Use a recovery code");
        // Typed in capitals and without the hyphen still counts.
        mvc.perform(post("/mfa/recover")
                        .session(first)
                        .with(csrf())
                        .param("recoveryCode", codes.get(0).replace("-", "").toUpperCase()))
                .andExpect(redirectedUrl("/"));
        html(get("/checks").session(first), 200);

        MockHttpSession second = support.passwordOnly(email, PASSWORD);
        assertThat(html(post("/mfa/recover").session(second).with(csrf()).param("recoveryCode", codes.get(0)), 422))
                .contains("That recovery code is not right, or it was used already");
        mvc.perform(post("/mfa/recover").session(second).with(csrf()).param("recoveryCode", codes.get(1)))
                .andExpect(redirectedUrl("/"));
        AuditEvent used = audit.page(workspace, "mfa.recovery-code-used", "user:" + email, null, 1)
                .get(0);
        assertThat(((Number) used.details().get("remaining")).intValue()).isEqualTo(8);
    }

    @Test
    void anOwnerResetForcesReEnrollmentAndIsAudited() throws Exception {
        String email = person(Role.ADMIN);
        support.enroll(support.passwordOnly(email, PASSWORD));
        UUID id = users.account(email).orElseThrow().id();
        MockHttpSession owner = support.signIn(OWNER, PASSWORD);

        assertThat(html(get("/settings/people").session(owner), 200))
                .contains(email)
                .contains("/settings/people/" + id + "/second-factor/reset");
        mvc.perform(post("/settings/people/" + id + "/second-factor/reset").session(owner))
                .andExpect(status().isForbidden());
        mvc.perform(post("/settings/people/" + id + "/second-factor/reset")
                        .session(owner)
                        .with(csrf()))
                .andExpect(redirectedUrl("/settings/people"));
        // Not one's own, and not someone outside the workspace.
        UUID ownerId = users.account(OWNER).orElseThrow().id();
        html(
                post("/settings/people/" + ownerId + "/second-factor/reset")
                        .session(owner)
                        .with(csrf()),
                404);
        html(
                post("/settings/people/" + UUID.randomUUID() + "/second-factor/reset")
                        .session(owner)
                        .with(csrf()),
                404);

        AuditEvent reset =
                audit.page(workspace, "mfa.reset", "user:" + OWNER, null, 1).get(0);
        assertThat(reset.target()).isEqualTo(id.toString());
        assertThat(reset.details()).containsEntry("email", email).containsEntry("hadFactor", true);

        MockHttpSession again = support.passwordOnly(email, PASSWORD);
        assertThat(html(get("/mfa").session(again), 200)).contains("Set up your authenticator app");
        mvc.perform(get("/").session(again)).andExpect(redirectedUrl("/mfa"));
        assertThat(support.enroll(again).recoveryCodes()).hasSize(10);
    }

    @Test
    void aMemberCannotResetAnyoneElse() throws Exception {
        String target = person(Role.ADMIN);
        support.enroll(support.passwordOnly(target, PASSWORD));
        UUID id = users.account(target).orElseThrow().id();
        MockHttpSession member = support.signIn(person(Role.MEMBER), PASSWORD);
        MockHttpSession admin = support.signIn(person(Role.ADMIN), PASSWORD);

        for (MockHttpSession session : List.of(member, admin)) {
            mvc.perform(post("/settings/people/" + id + "/second-factor/reset")
                            .session(session)
                            .with(csrf()))
                    .andExpect(status().isForbidden());
            mvc.perform(get("/settings/people").session(session)).andExpect(status().isForbidden());
        }
        assertThat(support.storedSecret(target)).isPresent();
    }

    @Test
    void repeatedWrongCodesLockTheAccount() throws Exception {
        String email = person(Role.ADMIN);
        support.enroll(support.passwordOnly(email, PASSWORD));
        MockHttpSession session = support.passwordOnly(email, PASSWORD);
        String right = support.nextCode(email);
        String wrong = String.format("%06d", (Integer.parseInt(right) + 500_000) % 1_000_000);

        for (int attempt = 0; attempt < SignInThrottle.ACCOUNT_FREE_FAILURES; attempt++) {
            html(post("/mfa/verify").session(session).with(csrf()).param("code", wrong), 422);
        }

        // Even the right code is not checked during the lock, and the password step is refused too.
        assertThat(html(post("/mfa/verify").session(session).with(csrf()).param("code", right), 429))
                .contains("Too many failed sign-in attempts");
        mvc.perform(formLogin("/login").user(email).password(PASSWORD)).andExpect(redirectedUrl("/login?locked=1"));
        mvc.perform(get("/").session(session)).andExpect(redirectedUrl("/mfa"));
    }

    @Test
    void apiTokensNeedNoSecondFactor() throws Exception {
        mvc.perform(get("/api/v1/checks").header("Authorization", "Bearer vgl_mfa-test-token-0123456789"))
                .andExpect(status().isOk());
    }

    // ---- Helpers ----

    /** A new person of the workspace with the test password and no second factor yet. */
    private String person(Role role) {
        String email = role.name().toLowerCase() + "-"
                + UUID.randomUUID().toString().substring(0, 8) + "-" + suffix + "@example.com";
        users.create(workspace, email, "Person", PASSWORD, role, "test");
        return email;
    }

    private List<String> actions(String email) {
        return audit.page(workspace, "mfa.", "user:" + email, null, 50).stream()
                .map(AuditEvent::action)
                .toList();
    }

    private String rawStoredSecret(String email) {
        return context.getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
                .sql("select f.secret from totp_factor f join app_user u on u.id = f.user_id where u.email = ?")
                .param(email)
                .query(String.class)
                .single();
    }

    private String html(MockHttpServletRequestBuilder request, int expectedStatus) throws Exception {
        MvcResult result = mvc.perform(request).andReturn();
        String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(expectedStatus);
        return body;
    }

    /** Reads the QR code of a page back: draws the SVG's unit squares as pixels and decodes them. */
    private static String decodeQrCode(String page) throws Exception {
        Matcher svg = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"[\\s\\S]*?<path fill=\"#000000\" d=\"([^\"]+)\"")
                .matcher(page);
        assertThat(svg.find()).as("an inline SVG QR code").isTrue();
        int size = Integer.parseInt(svg.group(1));
        int scale = 4;
        int[] pixels = new int[size * scale * size * scale];
        java.util.Arrays.fill(pixels, 0xffffff);
        Matcher square = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z").matcher(svg.group(3));
        while (square.find()) {
            int x = Integer.parseInt(square.group(1));
            int y = Integer.parseInt(square.group(2));
            for (int dy = 0; dy < scale; dy++) {
                for (int dx = 0; dx < scale; dx++) {
                    pixels[(y * scale + dy) * size * scale + x * scale + dx] = 0;
                }
            }
        }
        RGBLuminanceSource source = new RGBLuminanceSource(size * scale, size * scale, pixels);
        return new QRCodeReader()
                .decode(new BinaryBitmap(new HybridBinarizer(source)))
                .getText();
    }
}
