package dev.vigil.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.vigil.platform.SecretEncryption;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Signs people in for tests the way they sign in for real: password on the sign-in page, then the second step.
 * Someone without an authenticator enrolls through the enrollment page (the test reads the key shown for manual
 * entry); someone with one types a code computed from their stored secret. Codes are chosen so a test never
 * replays one: a step after the last one used, waiting for the clock when the window is used up.
 */
public final class SecondFactorTestSupport {

    private static final Pattern MANUAL_SECRET = Pattern.compile("id=\"manual-secret\"[^>]*>([A-Z2-7 ]+)</code>");
    private static final Pattern RECOVERY_CODE = Pattern.compile("<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>");

    private final MockMvc mvc;
    private final JdbcClient jdbc;
    private final SecretEncryption encryption;

    public SecondFactorTestSupport(MockMvc mvc, ApplicationContext context) {
        this.mvc = mvc;
        this.jdbc = context.getBean(JdbcClient.class);
        this.encryption = context.getBean(SecretEncryption.class);
    }

    /** What an enrollment through the pages produced. */
    public record Enrollment(MockHttpSession session, String secret, List<String> recoveryCodes) {}

    /** Signs in with both factors, enrolling first when the person has no authenticator yet. */
    public MockHttpSession signIn(String email, String password) throws Exception {
        MockHttpSession session = passwordOnly(email, password);
        if (storedSecret(email).isEmpty()) {
            return enroll(session).session();
        }
        MvcResult result = mvc.perform(
                        post("/mfa/verify").session(session).with(csrf()).param("code", nextCode(email)))
                .andReturn();
        assertThat(result.getResponse().getStatus())
                .as(result.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .isEqualTo(302);
        return session;
    }

    /** The password step alone: the session lands on the second step. */
    public MockHttpSession passwordOnly(String email, String password) throws Exception {
        MvcResult result =
                mvc.perform(formLogin("/login").user(email).password(password)).andReturn();
        assertThat(result.getResponse().getRedirectedUrl())
                .as("the password of %s is accepted", email)
                .isEqualTo("/mfa");
        return (MockHttpSession) result.getRequest().getSession(false);
    }

    /** Enrolls from a session that passed the password: reads the key from the page, confirms a code. */
    public Enrollment enroll(MockHttpSession session) throws Exception {
        String page = mvc.perform(get("/mfa").session(session))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        String secret = manualSecret(page);
        MvcResult confirmed = mvc.perform(post("/mfa/enroll")
                        .session(session)
                        .with(csrf())
                        .param("code", Totp.code(secret, Totp.step(Instant.now()))))
                .andReturn();
        String codesPage = confirmed.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(confirmed.getResponse().getStatus()).as(codesPage).isEqualTo(200);
        return new Enrollment(session, secret, recoveryCodes(codesPage));
    }

    /** The key an enrollment page shows for typing into an app by hand, without its grouping spaces. */
    public static String manualSecret(String page) {
        Matcher matcher = MANUAL_SECRET.matcher(page);
        assertThat(matcher.find()).as("the page shows the key for manual entry").isTrue();
        return matcher.group(1).replace(" ", "");
    }

    /** The recovery codes a page shows. */
    public static List<String> recoveryCodes(String page) {
        List<String> codes = new ArrayList<>();
        Matcher matcher = RECOVERY_CODE.matcher(page);
        while (matcher.find()) {
            codes.add(matcher.group(1));
        }
        return codes;
    }

    /** A code for the person that the server has not seen yet (see the class comment). */
    public String nextCode(String email) throws InterruptedException {
        String secret = storedSecret(email).orElseThrow(() -> new IllegalStateException(email + " has no factor"));
        return codeAfter(secret, lastUsedStep(email));
    }

    /** A code of a step after {@code lastUsedStep} that is inside the server's window (one step of drift). */
    public static String codeAfter(String secret, long lastUsedStep) throws InterruptedException {
        long step = Math.max(Totp.step(Instant.now()), lastUsedStep + 1);
        while (step > Totp.step(Instant.now()) + 1) {
            Thread.sleep(250);
        }
        return Totp.code(secret, step);
    }

    /** The stored (decrypted) authenticator secret of a person, if they have one. */
    public Optional<String> storedSecret(String email) {
        return jdbc.sql("select f.user_id, f.secret from totp_factor f join app_user u on u.id = f.user_id"
                        + " where lower(u.email) = lower(?)")
                .param(email)
                .query((rs, row) -> encryption.decrypt(
                        rs.getString("secret"), SecondFactors.context(rs.getObject("user_id", UUID.class))))
                .optional();
    }

    /** The last step whose code was accepted for a person. */
    public long lastUsedStep(String email) {
        return jdbc.sql("select f.last_used_step from totp_factor f join app_user u on u.id = f.user_id"
                        + " where lower(u.email) = lower(?)")
                .param(email)
                .query(Long.class)
                .optional()
                .orElse(Long.MIN_VALUE);
    }

    /** Removes a person's factor directly, so a test can show first enrollment on a database kept from a run before. */
    public void forgetFactor(String email) {
        jdbc.sql("delete from totp_factor where user_id = (select id from app_user where lower(email) = lower(?))")
                .param(email)
                .update();
        jdbc.sql("delete from recovery_code where user_id = (select id from app_user where lower(email) = lower(?))")
                .param(email)
                .update();
    }
}
