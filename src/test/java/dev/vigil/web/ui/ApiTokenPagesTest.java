package dev.vigil.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.vigil.identity.ApiTokenScope;
import dev.vigil.identity.ApiTokens;
import dev.vigil.identity.Role;
import dev.vigil.identity.SecondFactorTestSupport;
import dev.vigil.identity.Users;
import dev.vigil.identity.VigilPrincipal;
import dev.vigil.workspace.WorkspaceId;
import dev.vigil.workspace.Workspaces;
import java.nio.charset.StandardCharsets;
import java.util.Set;
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
 * The API tokens settings page, signed in with both factors: a token is created through the form and shown once,
 * works on the API within its scope, and is revoked after a confirmation page. Shares UiPagesTest's configuration,
 * so both run in one application context.
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
class ApiTokenPagesTest {

    static final String PASSWORD = "correct-horse-battery-staple";
    static final Pattern SECRET = Pattern.compile("id=\"issued-token\"[^>]*value=\"(vgt_[A-Za-z0-9_-]+)\"");

    @Autowired
    MockMvc mvc;

    @Autowired
    Workspaces workspaces;

    @Autowired
    Users users;

    @Autowired
    ApiTokens tokens;

    @Autowired
    ApplicationContext context;

    WorkspaceId workspace;
    /** Unique per run: the test database under target/ survives between local runs. */
    final String suffix = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    void workspace() {
        workspace = workspaces.findBySlug("default").orElseThrow().id();
    }

    record Person(String email, UUID id, MockHttpSession session) {}

    Person signedIn(Role role) throws Exception {
        String email =
                role.name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        UUID id = users.create(workspace, email, role.name(), PASSWORD, role, "test");
        return new Person(email, id, new SecondFactorTestSupport(mvc, context).signIn(email, PASSWORD));
    }

    @Test
    void aTokenCreatedThroughTheFormIsShownOnceAndWorksWithinItsScope() throws Exception {
        Person admin = signedIn(Role.ADMIN);
        String empty = html(get("/settings/tokens").session(admin.session()), 200);
        assertThat(empty)
                .contains("<h1>API tokens</h1>")
                .contains("No API tokens yet.")
                .contains("href=\"/settings/tokens\"")
                .contains("<option value=\"90\" selected=\"selected\">90 days</option>");

        MvcResult created = mvc.perform(post("/settings/tokens")
                        .session(admin.session())
                        .with(csrf())
                        .param("name", "Dashboard " + suffix)
                        .param("scope", "read")
                        .param("days", "30"))
                .andReturn();
        String page = created.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(created.getResponse().getStatus()).as(page).isEqualTo(200);
        assertThat(created.getResponse().getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(page)
                .contains("Your new token “Dashboard " + suffix + "”")
                .contains("this is the only time it is shown");
        Matcher matcher = SECRET.matcher(page);
        assertThat(matcher.find()).as(page).isTrue();
        String secret = matcher.group(1);

        mvc.perform(get("/api/v1/posture").header("Authorization", "Bearer " + secret))
                .andExpect(
                        result -> assertThat(result.getResponse().getStatus()).isEqualTo(200));
        MvcResult write = mvc.perform(post("/api/v1/integrations/" + UUID.randomUUID() + "/runs")
                        .header("Authorization", "Bearer " + secret))
                .andReturn();
        assertThat(write.getResponse().getStatus()).isEqualTo(403);
        assertThat(write.getResponse().getContentAsString()).contains("\"missingScope\":\"write\"");

        String listed = html(get("/settings/tokens").session(admin.session()), 200);
        assertThat(listed)
                .contains("Dashboard " + suffix)
                .contains(">Read<")
                .contains(">Active<")
                .contains("from 127.0.0.1")
                .doesNotContain(secret)
                .doesNotContain("Owner</th>");
        assertNoInlineCode(listed);
        assertNoInlineCode(page);
    }

    @Test
    void theFormShowsWhatIsWrongNextToTheField() throws Exception {
        Person auditor = signedIn(Role.AUDITOR);
        tokens.create(workspace, auditor.id(), "Exporter", ApiTokens.generate(), Set.of(ApiTokenScope.READ), null);

        String blank = html(
                post("/settings/tokens")
                        .session(auditor.session())
                        .with(csrf())
                        .param("name", " ")
                        .param("scope", "read")
                        .param("days", "90"),
                422);
        assertThat(blank)
                .contains("The token was not created")
                .contains("id=\"token-name-error\">This field is required.</p>")
                .contains("aria-invalid=\"true\"");
        assertThat(html(
                        post("/settings/tokens")
                                .session(auditor.session())
                                .with(csrf())
                                .param("name", "exporter")
                                .param("scope", "read")
                                .param("days", "90"),
                        422))
                .contains("you already have a token called “exporter”");
        assertThat(html(
                        post("/settings/tokens")
                                .session(auditor.session())
                                .with(csrf())
                                .param("name", "Other")
                                .param("days", "90"),
                        422))
                .contains("This field is required.");
        assertThat(html(
                        post("/settings/tokens")
                                .session(auditor.session())
                                .with(csrf())
                                .param("name", "Other")
                                .param("scope", "read")
                                .param("days", "3650"),
                        422))
                .contains("choose one of the offered lifetimes");
        assertThat(html(
                        post("/settings/tokens")
                                .session(auditor.session())
                                .with(csrf())
                                .header("Accept-Language", "pt")
                                .param("name", "exporter")
                                .param("scope", "admin")
                                .param("days", "90"),
                        422))
                .contains("já tem um token chamado “exporter”")
                .contains("“admin” não é um escopo")
                .contains("Tokens de API");
    }

    @Test
    void revokingAsksForConfirmationFirstAndTheTokenStopsWorking() throws Exception {
        Person member = signedIn(Role.MEMBER);
        String secret = ApiTokens.generate();
        UUID id = tokens.create(workspace, member.id(), "Laptop " + suffix, secret, Set.of(ApiTokenScope.WRITE), null);

        String confirm = html(get("/settings/tokens/" + id + "/revoke").session(member.session()), 200);
        assertThat(confirm)
                .contains("Revoke “Laptop " + suffix + "”?")
                .contains("refused from its next request on")
                .contains("Revoke token")
                .doesNotContain("belongs to");
        MvcResult revoked = mvc.perform(post("/settings/tokens/" + id + "/revoke")
                        .session(member.session())
                        .with(csrf()))
                .andReturn();
        assertThat(revoked.getResponse().getRedirectedUrl()).isEqualTo("/settings/tokens");
        String after = html(get("/settings/tokens").session(member.session()).flashAttrs(revoked.getFlashMap()), 200);
        assertThat(after)
                .contains("Token “Laptop " + suffix + "” revoked.")
                .contains(">Revoked<")
                .doesNotContain("/settings/tokens/" + id + "/revoke");
        mvc.perform(get("/api/v1/tokens").header("Authorization", "Bearer " + secret))
                .andExpect(
                        result -> assertThat(result.getResponse().getStatus()).isEqualTo(401));
    }

    @Test
    void anOwnerSeesAndRevokesEveryonesTokensOthersOnlyTheirOwn() throws Exception {
        Person admin = signedIn(Role.ADMIN);
        Person other = signedIn(Role.ADMIN);
        UUID id = tokens.create(
                workspace, admin.id(), "Deploy " + suffix, ApiTokens.generate(), Set.of(ApiTokenScope.WRITE), null);

        html(get("/settings/tokens/" + id + "/revoke").session(other.session()), 404);
        html(post("/settings/tokens/" + id + "/revoke").session(other.session()).with(csrf()), 404);
        assertThat(html(get("/settings/tokens").session(other.session()), 200)).doesNotContain("Deploy " + suffix);

        MockHttpSession owner = new SecondFactorTestSupport(mvc, context).signIn("owner@example.com", PASSWORD);
        String list = html(get("/settings/tokens").session(owner), 200);
        assertThat(list)
                .contains("As an owner you see every token")
                .contains("Deploy " + suffix)
                .contains(admin.email());
        assertThat(html(get("/settings/tokens/" + id + "/revoke").session(owner), 200))
                .contains("This token belongs to " + admin.email() + ".");
        mvc.perform(post("/settings/tokens/" + id + "/revoke").session(owner).with(csrf()))
                .andExpect(result ->
                        assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/settings/tokens"));
        assertThat(tokens.find(principalOf(admin, Role.ADMIN), id).orElseThrow().revokedBy())
                .isEqualTo("user:owner@example.com");
    }

    /** How a person appears to the facade, to read their token as they would. */
    private VigilPrincipal principalOf(Person person, Role role) {
        return new VigilPrincipal(person.id(), person.email(), role.name(), workspace, role, "session");
    }

    private static void assertNoInlineCode(String page) {
        assertThat(page).doesNotContainPattern("(?i)<style").doesNotContainPattern("(?i)\\sstyle=");
        assertThat(page).doesNotContainPattern("(?i)\\son[a-z]+=\"");
        Matcher scripts = Pattern.compile("(?i)<script([^>]*)>").matcher(page);
        while (scripts.find()) {
            assertThat(scripts.group(1)).contains("src=");
        }
    }

    private String html(MockHttpServletRequestBuilder request, int expectedStatus) throws Exception {
        MvcResult result = mvc.perform(request).andReturn();
        String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(expectedStatus);
        return body;
    }
}
