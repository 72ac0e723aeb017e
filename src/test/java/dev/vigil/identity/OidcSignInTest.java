package dev.vigil.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.vigil.audit.AuditEvent;
import dev.vigil.audit.AuditLog;
import dev.vigil.workspace.WorkspaceId;
import dev.vigil.workspace.Workspaces;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Single sign-on against a real Keycloak: the authorization code flow with PKCE, accounts created just in time
 * with the role the groups map to, the role following the groups, refusals (no role, unverified email, tampered
 * state), and Vigil's own second factor still required afterwards.
 */
@SpringBootTest(
        properties = {
            "vigil.data-dir=target/test-data/oidc",
            "vigil.admin.email=owner@example.com",
            "vigil.admin.password=correct-horse-battery-staple",
            "vigil.demo.enabled=false",
            "vigil.oidc.client-id=" + KeycloakServer.CLIENT_ID,
            "vigil.oidc.name=Keycloak",
            "vigil.oidc.role-mapping=vigil-owners=OWNER, vigil-admins=ADMIN, auditors=AUDITOR",
            "vigil.oidc.base-url=http://localhost",
        })
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OidcSignInTest {

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        registry.add("vigil.oidc.issuer", () -> KeycloakServer.shared().issuer());
        registry.add("vigil.oidc.client-secret", () -> KeycloakServer.CLIENT_SECRET);
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    ApplicationContext context;

    @Autowired
    Workspaces workspaces;

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Users users;

    KeycloakServer keycloak;
    SsoFlow flow;
    SecondFactorTestSupport factors;
    WorkspaceId workspace;
    final String suffix = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    void setUp() {
        keycloak = KeycloakServer.shared();
        flow = new SsoFlow(mvc, keycloak);
        factors = new SecondFactorTestSupport(mvc, context);
        workspace = workspaces.findBySlug("default").orElseThrow().id();
    }

    @Test
    void theSignInPageOffersTheProvider() throws Exception {
        String page = mvc.perform(get("/login")).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page)
                .contains("Sign in with Keycloak")
                .contains("href=\"/oauth2/authorization/oidc\"")
                .as("the password form stays while SSO is not the only way")
                .contains("name=\"password\"");
    }

    @Test
    void theAuthorizationRequestCarriesStateNonceAndPkce() throws Exception {
        URI authorization = flow.start(new MockHttpSession());
        var params = UriComponentsBuilder.fromUri(authorization).build().getQueryParams();
        assertThat(authorization.toString()).startsWith(keycloak.issuer() + "/protocol/openid-connect/auth");
        assertThat(params.getFirst("response_type")).isEqualTo("code");
        assertThat(params.getFirst("client_id")).isEqualTo(KeycloakServer.CLIENT_ID);
        assertThat(params.getFirst("state")).hasSizeGreaterThan(20);
        assertThat(params.getFirst("nonce")).hasSizeGreaterThan(20);
        assertThat(params.getFirst("code_challenge")).hasSize(43);
        assertThat(params.getFirst("code_challenge_method")).isEqualTo("S256");
        assertThat(params.getFirst("scope")).contains("openid");
    }

    @Test
    void aFirstSignInCreatesTheAccountWithTheMappedRoleAndStillAsksForTheSecondFactor() throws Exception {
        String email = "ada-" + suffix + "@example.com";
        keycloak.createUser(email, true, "vigil-admins", "staff");

        MockHttpSession session = new MockHttpSession();
        assertThat(flow.signIn(session, email)).isEqualTo("/mfa");

        assertThat(role(email)).contains(Role.ADMIN);
        assertThat(actions(email)).contains("user.created", "sign-in.succeeded");
        AuditEvent created = event("user.created", email);
        assertThat(created.details()).containsEntry("method", "oidc").containsEntry("role", "ADMIN");
        assertThat(event("sign-in.succeeded", email).details())
                .containsEntry("method", "oidc")
                .containsEntry("factor", "authorization_code");
        assertThat(jdbc.sql("select password_hash from app_user where email = ?")
                        .param(email)
                        .query(String.class)
                        .optional())
                .as("no password for an account made by single sign-on")
                .isEmpty();

        // The provider's sign-in is the first factor only: no page but the second step yet.
        assertThat(mvc.perform(get("/").session(session).accept("text/html"))
                        .andReturn()
                        .getResponse()
                        .getRedirectedUrl())
                .isEqualTo("/mfa");
        assertThat(mvc.perform(get("/api/v1/checks").session(session))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(401);

        SecondFactorTestSupport.Enrollment enrolled = factors.enroll(session);
        assertThat(page("/", enrolled.session())).contains("href=\"/integrations\"");
        assertThat(mvc.perform(get("/settings/people").session(session))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .as("an admin is not an owner")
                .isEqualTo(403);
    }

    @Test
    void aLaterSignInTakesTheRoleFromTheGroupsAndRecordsTheChange() throws Exception {
        String email = "grace-" + suffix + "@example.com";
        String id = keycloak.createUser(email, true, "vigil-admins");
        factors.enroll(signedInWithProvider(email));
        assertThat(role(email)).contains(Role.ADMIN);

        keycloak.setGroups(id, "auditors", "vigil-admins", "vigil-owners");
        MockHttpSession second = signedInWithProvider(email);
        assertThat(role(email)).as("the most powerful mapped group wins").contains(Role.OWNER);

        keycloak.setGroups(id, "auditors");
        MockHttpSession third = signedInWithProvider(email);
        assertThat(role(email)).contains(Role.AUDITOR);
        MvcResult verified = mvc.perform(
                        post("/mfa/verify").session(third).with(csrf()).param("code", factors.nextCode(email)))
                .andReturn();
        assertThat(verified.getResponse().getRedirectedUrl()).isEqualTo("/");
        assertThat(mvc.perform(get("/integrations/new").session(third))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .as("an auditor changes nothing")
                .isEqualTo(403);
        assertThat(second).isNotNull();

        List<AuditEvent> changes = audit.page(workspace, "user.role-changed", null, null, 50).stream()
                .filter(e -> email.equals(e.details().get("email")))
                .toList();
        assertThat(changes)
                .extracting(e -> e.details().get("from") + "->" + e.details().get("to"))
                .containsExactly("OWNER->AUDITOR", "ADMIN->OWNER");
        assertThat(changes.get(0).actor()).isEqualTo("user:" + email);
    }

    @Test
    void anExistingPasswordAccountIsLinkedByItsEmail() throws Exception {
        String email = "linus-" + suffix + "@example.com";
        users.create(workspace, email, "Linus", "a-long-enough-password", Role.MEMBER, "test");
        keycloak.createUser(email, true, "auditors");

        assertThat(flow.signIn(new MockHttpSession(), email)).isEqualTo("/mfa");
        assertThat(role(email)).contains(Role.AUDITOR);
        assertThat(actions(email)).contains("user.linked").doesNotContain("user.created");
        assertThat(jdbc.sql("select count(*) from app_user where lower(email) = lower(?)")
                        .param(email)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void someoneWhoseGroupsMapToNoRoleIsRefused() throws Exception {
        String email = "mallory-" + suffix + "@example.com";
        keycloak.createUser(email, true, "staff");

        MockHttpSession session = new MockHttpSession();
        assertThat(flow.signIn(session, email)).isEqualTo("/login?sso=no-role");
        assertThat(page("/login?sso=no-role", new MockHttpSession()))
                .contains("Your account at Keycloak is not in any group that has access to Vigil");
        assertThat(role(email)).isEmpty();
        assertThat(users.account(email)).isEmpty();
        assertThat(mvc.perform(get("/").session(session).accept("text/html"))
                        .andReturn()
                        .getResponse()
                        .getRedirectedUrl())
                .endsWith("/login");
        assertThat(failure(email).details()).containsEntry("method", "oidc").containsEntry("reason", "no-role");
    }

    @Test
    void anUnverifiedEmailIsRefused() throws Exception {
        String email = "eve-" + suffix + "@example.com";
        keycloak.createUser(email, false, "vigil-owners");

        assertThat(flow.signIn(new MockHttpSession(), email)).isEqualTo("/login?sso=email-not-verified");
        assertThat(users.account(email)).isEmpty();
        assertThat(failure(email).details()).containsEntry("reason", "email-not-verified");
        assertThat(page("/login?sso=email-not-verified", new MockHttpSession()))
                .contains("Keycloak has not verified the email address of your account");
    }

    @Test
    void aTamperedStateIsRefused() throws Exception {
        String email = "trudy-" + suffix + "@example.com";
        keycloak.createUser(email, true, "vigil-owners");
        MockHttpSession session = new MockHttpSession();
        URI callback = keycloak.login(flow.start(session), email);
        String state =
                UriComponentsBuilder.fromUri(callback).build().getQueryParams().getFirst("state");
        URI tampered = UriComponentsBuilder.fromUri(callback)
                .replaceQueryParam("state", state.substring(1) + "x")
                .build(true)
                .toUri();

        assertThat(flow.finish(session, tampered)).isEqualTo("/login?sso=failed");
        assertThat(users.account(email)).isEmpty();
        assertThat(mvc.perform(get("/mfa").session(session))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .as("no first factor either")
                .isEqualTo(302);
        // The real state still works once: the code was not spent by the refused attempt.
        assertThat(flow.finish(session, callback)).isEqualTo("/mfa");
    }

    private MockHttpSession signedInWithProvider(String email) throws Exception {
        MockHttpSession session = new MockHttpSession();
        assertThat(flow.signIn(session, email)).isEqualTo("/mfa");
        return session;
    }

    private Optional<Role> role(String email) {
        return jdbc.sql("select m.role from membership m join app_user u on u.id = m.user_id"
                        + " where lower(u.email) = lower(?) and m.workspace_id = ?")
                .params(email, workspace.value())
                .query((rs, row) -> Role.valueOf(rs.getString(1)))
                .optional();
    }

    private List<String> actions(String email) {
        return audit.page(workspace, null, "user:" + email, null, 50).stream()
                .map(AuditEvent::action)
                .toList();
    }

    private AuditEvent event(String action, String email) {
        return audit.page(workspace, action, "user:" + email, null, 1).get(0);
    }

    private AuditEvent failure(String email) {
        return audit.page(workspace, "sign-in.failed", null, null, 50).stream()
                .filter(e -> email.equals(e.details().get("email")))
                .findFirst()
                .orElseThrow();
    }

    private String page(String path, MockHttpSession session) throws Exception {
        return mvc.perform(get(path).session(session))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }
}
