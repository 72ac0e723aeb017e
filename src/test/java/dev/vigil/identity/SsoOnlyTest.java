package dev.vigil.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.vigil.audit.AuditEvent;
import dev.vigil.audit.AuditLog;
import dev.vigil.workspace.WorkspaceId;
import dev.vigil.workspace.Workspaces;
import java.nio.charset.StandardCharsets;
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

/**
 * SSO-only mode: the sign-in page offers only the provider, a password is refused before it is checked (even a
 * right one), the break-glass owner ({@code VIGIL_ADMIN_EMAIL}) still gets in with password and second factor, and
 * single sign-on itself works.
 */
@SpringBootTest(
        properties = {
            "vigil.data-dir=target/test-data/sso-only",
            "vigil.admin.email=owner@example.com",
            "vigil.admin.password=correct-horse-battery-staple",
            "vigil.demo.enabled=false",
            "vigil.oidc.client-id=" + KeycloakServer.CLIENT_ID,
            "vigil.oidc.name=Keycloak",
            "vigil.oidc.role-mapping=vigil-owners=OWNER,vigil-admins=ADMIN,*=MEMBER",
            "vigil.oidc.base-url=http://localhost",
            "vigil.oidc.sso-only=true",
        })
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SsoOnlyTest {

    static final String OWNER = "owner@example.com";
    static final String OWNER_PASSWORD = "correct-horse-battery-staple";

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
    Users users;

    @Autowired
    Workspaces workspaces;

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcClient jdbc;

    WorkspaceId workspace;
    final String suffix = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    void setUp() {
        workspace = workspaces.findBySlug("default").orElseThrow().id();
    }

    @Test
    void theSignInPageOffersOnlyTheProvider() throws Exception {
        String page = page("/login");
        assertThat(page)
                .contains("Sign in with Keycloak")
                .doesNotContain("name=\"password\"")
                .doesNotContain("action=\"/login\"");
        assertThat(page("/login?breakGlass"))
                .contains("Emergency access")
                .contains("name=\"password\"")
                .doesNotContain("Sign in with Keycloak");
    }

    @Test
    void aPasswordIsRefusedEvenWhenItIsRight() throws Exception {
        String email = "pat-" + suffix + "@example.com";
        users.create(workspace, email, "Pat", "a-long-enough-password", Role.ADMIN, "test");

        MvcResult result = mvc.perform(formLogin("/login").user(email).password("a-long-enough-password"))
                .andReturn();
        assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/login?passwordDisabled");
        MockHttpSession session = (MockHttpSession) result.getRequest().getSession(false);
        if (session != null) {
            assertThat(mvc.perform(get("/mfa").session(session))
                            .andReturn()
                            .getResponse()
                            .getStatus())
                    .as("not even the first factor")
                    .isEqualTo(302);
        }
        assertThat(page("/login?passwordDisabled")).contains("Password sign-in is turned off here");
        // Refused before the password is checked: recorded like an unknown account, without a workspace.
        assertThat(jdbc.sql("select details->>'reason' from audit_event where action = 'sign-in.failed'"
                                + " and details->>'email' = ? and details->>'method' = 'password'")
                        .param(email)
                        .query(String.class)
                        .list())
                .containsExactly("sso-only");
    }

    @Test
    void theBreakGlassOwnerStillSignsInWithPasswordAndSecondFactor() throws Exception {
        SecondFactorTestSupport factors = new SecondFactorTestSupport(mvc, context);
        MockHttpSession session = factors.signIn(OWNER, OWNER_PASSWORD);
        assertThat(mvc.perform(get("/settings/people").session(session))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(200);
        AuditEvent signedIn = audit.page(workspace, "sign-in.succeeded", "user:" + OWNER, null, 1)
                .get(0);
        assertThat(signedIn.details()).containsEntry("method", "password").containsEntry("breakGlass", true);
    }

    @Test
    void singleSignOnStillWorksAndTheFallbackRoleApplies() throws Exception {
        KeycloakServer keycloak = KeycloakServer.shared();
        String email = "sam-" + suffix + "@example.com";
        keycloak.createUser(email, true, "staff");
        assertThat(new SsoFlow(mvc, keycloak).signIn(new MockHttpSession(), email))
                .isEqualTo("/mfa");
        assertThat(users.memberships(users.account(email).orElseThrow().id()))
                .containsExactly(new Users.Membership(workspace, Role.MEMBER));
    }

    private String page(String path) throws Exception {
        return mvc.perform(get(path)).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }
}
