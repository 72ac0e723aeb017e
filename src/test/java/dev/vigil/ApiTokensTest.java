package dev.vigil;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.audit.AuditEvent;
import dev.vigil.audit.AuditLog;
import dev.vigil.identity.ApiTokenScope;
import dev.vigil.identity.ApiTokens;
import dev.vigil.identity.Role;
import dev.vigil.identity.Users;
import dev.vigil.workspace.WorkspaceId;
import dev.vigil.workspace.Workspaces;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * API tokens over HTTP: scopes intersected with the owner's role, expiry, revocation, the last use, the audit
 * entries a token's use leaves, and the tokens API itself. Shares ApiTest's configuration, so both run in one
 * application context.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            // Same as ApiTest, so the context is shared.
            "vigil.data-dir=target/test-data/api-${random.uuid}",
            "vigil.admin.email=owner@example.com",
            "vigil.admin.password=correct-horse-battery-staple",
            "vigil.admin.api-token=" + ApiTest.TOKEN,
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiTokensTest {

    /** Inbound events authenticate with their own signature and belong to the integration module's rules. */
    static final String INBOUND_EVENTS = "/api/v1/integrations/{id}/events";

    /** Agent reports authenticate with the integration's agent token in their own filter chain (ADR 0012). */
    static final String AGENT_REPORTS = "/api/v1/integrations/{id}/agent-reports";

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
    AuditLog audit;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private final HttpClient http = HttpClient.newHttpClient();
    WorkspaceId workspace;

    record Response(int status, String contentType, String text, JsonMapper json) {
        JsonNode body() {
            return text.isBlank() ? null : json.readTree(text);
        }
    }

    record Endpoint(String method, String pattern) {
        String path() {
            return pattern.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
        }
    }

    @BeforeAll
    void workspace() {
        workspace = workspaces.findBySlug("default").orElseThrow().id();
    }

    Response call(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                response.body(),
                json);
    }

    /** A person of the given role with a token of the given scopes; returns the token. */
    String tokenFor(Role role, Set<ApiTokenScope> scopes, Instant expiresAt) {
        UUID user = users.create(
                workspace, UUID.randomUUID() + "@example.com", role.name(), "a-long-enough-password", role, "test");
        String token = ApiTokens.generate();
        tokens.create(workspace, user, role.name() + " " + scopes, token, scopes, expiresAt);
        return token;
    }

    /** Every endpoint of the API, as its controllers declare it. */
    List<Endpoint> apiEndpoints() {
        List<Endpoint> endpoints = new ArrayList<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.values()) : methods) {
                    endpoints.add(new Endpoint(method.name(), pattern));
                }
            }
        }
        return endpoints;
    }

    List<AuditEvent> auditEntries(String action, String target) {
        return audit.page(workspace, action, null, null, 500).stream()
                .filter(event -> target.equals(event.target()))
                .toList();
    }

    UUID idOf(String token) {
        return jdbc.sql("select id from api_token where token_hash = encode(sha256(convert_to(?, 'UTF8')), 'hex')")
                .param(token)
                .query(UUID.class)
                .single();
    }

    // ---- Scopes ----

    @Test
    void aReadTokenCallsEveryGetButEveryOtherMethodIsRefusedNamingTheScope() throws Exception {
        String read = tokenFor(Role.OWNER, Set.of(ApiTokenScope.READ), null);
        List<Endpoint> endpoints = apiEndpoints();
        assertThat(endpoints.stream().filter(e -> !e.method().equals("GET")))
                .as("the API has endpoints that change things")
                .hasSizeGreaterThan(15);

        for (Endpoint endpoint : endpoints) {
            if (endpoint.pattern().equals(INBOUND_EVENTS)) {
                continue;
            }
            if (endpoint.pattern().equals(AGENT_REPORTS)) {
                // Only an integration's agent token (vag_…) is accepted there; an API token of any scope is not.
                assertThat(call(endpoint.method(), endpoint.path(), "{}", read).status())
                        .isEqualTo(401);
                continue;
            }
            Response response = call(endpoint.method(), endpoint.path(), "{}", read);
            if (endpoint.method().equals("GET")) {
                assertThat(response.status())
                        .as("%s %s with a read token", endpoint.method(), endpoint.pattern())
                        .isNotIn(401, 403);
            } else {
                assertThat(response.status())
                        .as("%s %s with a read token", endpoint.method(), endpoint.pattern())
                        .isEqualTo(403);
                assertThat(response.contentType()).startsWith("application/problem+json");
                assertThat(response.body().get("missingScope").asString()).isEqualTo("write");
                assertThat(response.body().get("detail").asString())
                        .contains("lacks the scope 'write'")
                        .contains(endpoint.method());
            }
        }
        // Methods no endpoint uses need write too: the rule is about the method, not about known endpoints.
        assertThat(call("PATCH", "/api/v1/posture", "{}", read).status()).isEqualTo(403);
        assertThat(call("HEAD", "/api/v1/posture", null, read).status()).isEqualTo(200);
    }

    @Test
    void aWriteTokenDoesNoMoreThanItsOwnersRole() throws Exception {
        String auditorWrite = tokenFor(Role.AUDITOR, Set.of(ApiTokenScope.WRITE), null);

        assertThat(call("GET", "/api/v1/posture", null, auditorWrite).status()).isEqualTo(200);
        Response refused = call(
                "POST",
                "/api/v1/integrations",
                "{\"connector\":\"linux-host\",\"name\":\"auditor's\",\"config\":{\"rootPath\":\"/\"}}",
                auditorWrite);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().get("detail").asString()).isEqualTo("Your role does not allow this action.");
        assertThat(refused.body().has("missingScope")).isFalse();
        assertThat(call("PUT", "/api/v1/scope/soc2", "{}", auditorWrite).status())
                .isEqualTo(403);

        String adminRead = tokenFor(Role.ADMIN, Set.of(ApiTokenScope.READ), null);
        assertThat(call("PUT", "/api/v1/scope/soc2", "{\"inScope\":true}", adminRead)
                        .status())
                .isEqualTo(403);
        String adminWrite = tokenFor(Role.ADMIN, Set.of(ApiTokenScope.WRITE), null);
        assertThat(call("PUT", "/api/v1/scope/soc2", "{\"inScope\":true}", adminWrite)
                        .status())
                .isEqualTo(200);
    }

    // ---- Expiry, revocation, use ----

    @Test
    void expiredAndRevokedTokensGet401AndEveryRefusalIsAudited() throws Exception {
        String expired =
                tokenFor(Role.ADMIN, Set.of(ApiTokenScope.WRITE), Instant.now().minus(1, ChronoUnit.MINUTES));
        Response expiredAnswer = call("GET", "/api/v1/posture", null, expired);
        assertThat(expiredAnswer.status()).isEqualTo(401);
        assertThat(expiredAnswer.body().get("detail"))
                .as("says no more than for an unknown token")
                .isEqualTo(call("GET", "/api/v1/posture", null, "vgt_unknown-token-000000")
                        .body()
                        .get("detail"));
        assertThat(auditEntries("api-token.refused", idOf(expired).toString()))
                .singleElement()
                .satisfies(event -> {
                    assertThat(event.details()).containsEntry("reason", "expired");
                    assertThat(event.details()).containsEntry("method", "GET");
                    assertThat(event.details()).containsEntry("path", "/api/v1/posture");
                    assertThat(event.remoteAddress()).isEqualTo("127.0.0.1");
                });

        String revoked = tokenFor(Role.ADMIN, Set.of(ApiTokenScope.WRITE), null);
        assertThat(call("GET", "/api/v1/posture", null, revoked).status()).isEqualTo(200);
        UUID revokedId = idOf(revoked);
        assertThat(call("DELETE", "/api/v1/tokens/" + revokedId, null, ApiTest.TOKEN)
                        .status())
                .isEqualTo(204);
        assertThat(call("GET", "/api/v1/posture", null, revoked).status()).isEqualTo(401);
        assertThat(call("GET", "/api/v1/posture", null, revoked).status()).isEqualTo(401);
        assertThat(auditEntries("api-token.refused", revokedId.toString()))
                .as("every refused use, not rate-limited")
                .hasSize(2)
                .allSatisfy(event -> assertThat(event.details()).containsEntry("reason", "revoked"));
        assertThat(auditEntries("api-token.revoked", revokedId.toString()))
                .singleElement()
                .satisfies(event ->
                        assertThat(event.actor()).isEqualTo("token:VIGIL_ADMIN_API_TOKEN (owner@example.com)"));

        String read = tokenFor(Role.ADMIN, Set.of(ApiTokenScope.READ), null);
        call("DELETE", "/api/v1/integrations/" + UUID.randomUUID(), null, read);
        assertThat(auditEntries("api-token.refused", idOf(read).toString()))
                .singleElement()
                .satisfies(event -> {
                    assertThat(event.details()).containsEntry("reason", "missing-scope");
                    assertThat(event.details()).containsEntry("missingScope", "write");
                    assertThat(event.details()).containsEntry("method", "DELETE");
                });
    }

    @Test
    void theLastUseIsRecordedAtMostOnceAMinute() throws Exception {
        String token = tokenFor(Role.ADMIN, Set.of(ApiTokenScope.READ), null);
        UUID id = idOf(token);
        assertThat(lastUsedAt(id)).isNull();

        call("GET", "/api/v1/posture", null, token);
        Instant first = lastUsedAt(id);
        assertThat(first).isNotNull();
        assertThat(jdbc.sql("select last_used_address from api_token where id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo("127.0.0.1");

        call("GET", "/api/v1/posture", null, token);
        assertThat(lastUsedAt(id)).as("unchanged within the minute").isEqualTo(first);

        jdbc.sql("update api_token set last_used_at = last_used_at - interval '61 seconds' where id = ?")
                .param(id)
                .update();
        call("GET", "/api/v1/posture", null, token);
        assertThat(lastUsedAt(id)).isAfter(first.minusSeconds(61));
        assertThat(lastUsedAt(id)).isAfterOrEqualTo(first);
    }

    @Test
    void useIsAuditedAtTheFirstUseThenAtMostHourly() throws Exception {
        String token = tokenFor(Role.ADMIN, Set.of(ApiTokenScope.READ), null);
        String id = idOf(token).toString();

        call("GET", "/api/v1/checks", null, token);
        call("GET", "/api/v1/posture", null, token);
        call("GET", "/api/v1/posture", null, token);
        assertThat(auditEntries("api-token.used", id)).singleElement().satisfies(event -> {
            assertThat(event.details()).containsEntry("first", true);
            assertThat(event.details()).containsEntry("method", "GET");
            assertThat(event.details()).containsEntry("path", "/api/v1/checks");
            assertThat(event.details()).containsEntry("address", "127.0.0.1");
            assertThat(event.actor()).startsWith("token:ADMIN [READ] (");
        });

        jdbc.sql("update api_token set use_recorded_at = use_recorded_at - interval '61 minutes' where id = ?")
                .param(UUID.fromString(id))
                .update();
        call("GET", "/api/v1/frameworks", null, token);
        call("GET", "/api/v1/frameworks", null, token);
        List<AuditEvent> used = auditEntries("api-token.used", id);
        assertThat(used).hasSize(2);
        assertThat(used.get(0).details()).containsEntry("first", false).containsEntry("path", "/api/v1/frameworks");
    }

    private Instant lastUsedAt(UUID id) {
        return jdbc.sql("select last_used_at from api_token where id = ?")
                .param(id)
                .query((rs, row) -> {
                    Timestamp at = rs.getTimestamp(1);
                    return at == null ? null : at.toInstant();
                })
                .list()
                .get(0);
    }

    // ---- The tokens API ----

    @Test
    void issuingAReadTokenShowsItOnceAndItWorksAtOnce() throws Exception {
        String issuer = tokenFor(Role.ADMIN, Set.of(ApiTokenScope.WRITE), null);
        Response issued = call("POST", "/api/v1/tokens", "{\"name\":\"ci reader\",\"scopes\":[\"read\"]}", issuer);

        assertThat(issued.status()).as(String.valueOf(issued.body())).isEqualTo(201);
        String secret = issued.body().get("secret").asString();
        assertThat(secret).startsWith("vgt_").hasSizeGreaterThan(40);
        JsonNode token = issued.body().get("token");
        assertThat(token.get("scopes").valueStream().map(JsonNode::asString)).containsExactly("read");
        assertThat(token.get("state").asString()).isEqualTo("ACTIVE");
        Instant expiresAt = Instant.parse(token.get("expiresAt").asString());
        assertThat(expiresAt)
                .isBetween(
                        Instant.now().plus(Duration.ofDays(89)), Instant.now().plus(Duration.ofDays(91)));

        assertThat(call("GET", "/api/v1/posture", null, secret).status()).isEqualTo(200);
        assertThat(call("POST", "/api/v1/tokens", "{\"name\":\"x\",\"scopes\":[\"read\"]}", secret)
                        .status())
                .as("issuing is a write")
                .isEqualTo(403);

        Response listed = call("GET", "/api/v1/tokens", null, issuer);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body().toString()).contains("ci reader").doesNotContain(secret.substring(4));
        assertThat(auditEntries("api-token.created", token.get("id").asString()))
                .singleElement()
                .satisfies(event -> assertThat(event.details())
                        .containsEntry("name", "ci reader")
                        .containsEntry("scopes", List.of("read")));
    }

    @Test
    void issuingRefusesBadInputWithProblemDetailsNamingTheField() throws Exception {
        String issuer = tokenFor(Role.ADMIN, Set.of(ApiTokenScope.WRITE), null);
        assertThat(call("POST", "/api/v1/tokens", "{\"name\":\"deploy\",\"scopes\":[\"write\"]}", issuer)
                        .status())
                .isEqualTo(201);

        assertInvalid(issuer, "{\"name\":\"  \",\"scopes\":[\"read\"]}", "name", "is required");
        assertInvalid(issuer, "{\"name\":\"" + "n".repeat(101) + "\",\"scopes\":[\"read\"]}", "name", "at most 100");
        assertInvalid(issuer, "{\"name\":\"Deploy\",\"scopes\":[\"read\"]}", "name", "already called 'Deploy'");
        assertInvalid(issuer, "{\"name\":\"a\",\"scopes\":[\"admin\"]}", "scopes", "'admin' is not a scope");
        assertInvalid(issuer, "{\"name\":\"a\",\"scopes\":[]}", "scopes", "is required");
        assertInvalid(issuer, "{\"name\":\"a\"}", "scopes", "is required");
        assertInvalid(
                issuer,
                "{\"name\":\"a\",\"scopes\":[\"read\"],\"expiresAt\":\""
                        + Instant.now().minusSeconds(5) + "\"}",
                "expiresAt",
                "must be in the future");
        assertInvalid(
                issuer,
                "{\"name\":\"a\",\"scopes\":[\"read\"],\"expiresAt\":\""
                        + Instant.now().plus(Duration.ofDays(366)) + "\"}",
                "expiresAt",
                "at most 365 days");
        assertThat(call("POST", "/api/v1/tokens", "{\"name\":", issuer).status())
                .isEqualTo(400);

        Instant chosen =
                Instant.now().plus(Duration.ofDays(365)).minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        Response longest = call(
                "POST",
                "/api/v1/tokens",
                "{\"name\":\"yearly\",\"scopes\":[\"read\",\"write\"],\"expiresAt\":\"" + chosen + "\"}",
                issuer);
        assertThat(longest.status()).isEqualTo(201);
        assertThat(Instant.parse(longest.body().get("token").get("expiresAt").asString()))
                .isEqualTo(chosen);
    }

    private void assertInvalid(String token, String body, String field, String message) throws Exception {
        Response response = call("POST", "/api/v1/tokens", body, token);
        assertThat(response.status()).as(body).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().get("errors").get(field).asString()).as(body).contains(message);
    }

    @Test
    void aTokenCannotIssueOneThatOutlivesIt() throws Exception {
        Instant issuerExpiry = Instant.now().plus(Duration.ofDays(10)).truncatedTo(ChronoUnit.SECONDS);
        String issuer = tokenFor(Role.ADMIN, Set.of(ApiTokenScope.WRITE), issuerExpiry);

        assertInvalid(
                issuer,
                "{\"name\":\"longer\",\"scopes\":[\"read\"],\"expiresAt\":\""
                        + Instant.now().plus(Duration.ofDays(30)) + "\"}",
                "expiresAt",
                "must not be later than the expiry of the token making this request");
        Response defaulted = call("POST", "/api/v1/tokens", "{\"name\":\"bounded\",\"scopes\":[\"read\"]}", issuer);
        assertThat(defaulted.status()).isEqualTo(201);
        assertThat(Instant.parse(defaulted.body().get("token").get("expiresAt").asString()))
                .isEqualTo(issuerExpiry);
    }

    @Test
    void peopleSeeAndRevokeTheirOwnTokensAndOwnersEveryones() throws Exception {
        String admin = tokenFor(Role.ADMIN, Set.of(ApiTokenScope.WRITE), null);
        JsonNode adminTokens = call("GET", "/api/v1/tokens", null, admin).body();
        assertThat(adminTokens).hasSize(1);
        String adminTokenId = adminTokens.get(0).get("id").asString();
        UUID ownerTokenId = idOf(ApiTest.TOKEN);

        assertThat(call("GET", "/api/v1/tokens", null, ApiTest.TOKEN).body().toString())
                .as("an owner sees every token of the workspace")
                .contains(adminTokenId);
        assertThat(call("GET", "/api/v1/tokens/" + ownerTokenId, null, admin).status())
                .isEqualTo(404);
        assertThat(call("DELETE", "/api/v1/tokens/" + ownerTokenId, null, admin).status())
                .as("someone else's token is not even named")
                .isEqualTo(404);
        assertThat(call("GET", "/api/v1/posture", null, ApiTest.TOKEN).status()).isEqualTo(200);

        assertThat(call("DELETE", "/api/v1/tokens/" + adminTokenId, null, admin).status())
                .as("revoking the token in use is allowed")
                .isEqualTo(204);
        assertThat(call("GET", "/api/v1/tokens", null, admin).status()).isEqualTo(401);
        JsonNode seen = call("GET", "/api/v1/tokens/" + adminTokenId, null, ApiTest.TOKEN)
                .body();
        assertThat(seen.get("state").asString()).isEqualTo("REVOKED");
        assertThat(call("DELETE", "/api/v1/tokens/" + adminTokenId, null, ApiTest.TOKEN)
                        .status())
                .as("revoking twice changes nothing")
                .isEqualTo(204);
        assertThat(auditEntries("api-token.revoked", adminTokenId)).hasSize(1);
    }

    @Test
    void tokensListIsPaginated() throws Exception {
        String admin = tokenFor(Role.ADMIN, Set.of(ApiTokenScope.WRITE), null);
        for (String name : List.of("one", "two")) {
            call("POST", "/api/v1/tokens", "{\"name\":\"" + name + "\",\"scopes\":[\"read\"]}", admin);
        }
        HttpResponse<String> first = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/tokens?limit=2"))
                        .header("Authorization", "Bearer " + admin)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(json.readTree(first.body())
                        .valueStream()
                        .map(t -> t.get("name").asString()))
                .containsExactly("two", "one");
        String link = first.headers().firstValue("Link").orElseThrow();
        String next = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        JsonNode second = call(
                        "GET",
                        URI.create(next).getRawPath() + "?" + URI.create(next).getRawQuery(),
                        null,
                        admin)
                .body();
        assertThat(second.valueStream().map(t -> t.get("name").asString())).containsExactly("ADMIN [WRITE]");
    }
}
