package dev.vigil.web.api;

import dev.vigil.connector.ConfigProperty;
import dev.vigil.connector.ConnectorDescriptor;
import dev.vigil.identity.Access;
import dev.vigil.identity.VigilPrincipal;
import dev.vigil.integration.AgentReports;
import dev.vigil.integration.CollectionRun;
import dev.vigil.integration.ConnectionTest;
import dev.vigil.integration.Integration;
import dev.vigil.integration.IntegrationEvents;
import dev.vigil.integration.IntegrationRequest;
import dev.vigil.integration.Integrations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Connectors, integrations and their collection runs. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Integrations", description = "Configured connectors, run now, run history")
class IntegrationsApi {

    private final Integrations integrations;
    private final IntegrationEvents events;
    private final AgentReports agents;

    IntegrationsApi(Integrations integrations, IntegrationEvents events, AgentReports agents) {
        this.integrations = integrations;
        this.events = events;
        this.agents = agents;
    }

    /** A new event signing secret, shown once. */
    record EventSecretView(String secret, String endpoint, String signature) {}

    @PostMapping("/integrations/{id}/event-secret")
    @PreAuthorize(Access.MANAGE_INTEGRATIONS)
    @Operation(summary = "Create or replace the integration's event signing secret; it is shown only in this answer")
    EventSecretView eventSecret(VigilPrincipal principal, @PathVariable UUID id) {
        String secret = events.rotateSecret(principal.workspaceId(), id, principal.actor());
        return new EventSecretView(
                secret,
                "/api/v1/integrations/" + id + "/events",
                "Vigil-Signature: v1=<hex HMAC-SHA256(secret, Vigil-Timestamp + \".\" + body)>, or GitHub's"
                        + " X-Hub-Signature-256");
    }

    @PostMapping("/integrations/{id}/events")
    @PreAuthorize(Access.ANYONE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(
            summary = "Inbound event (signed with the integration's event secret): collect and evaluate now."
                    + " No bearer token; the HMAC signature authenticates the sender")
    IntegrationEvents.Accepted event(@PathVariable UUID id, jakarta.servlet.http.HttpServletRequest request)
            throws java.io.IOException {
        byte[] body = request.getInputStream().readNBytes(IntegrationEvents.MAX_BODY_BYTES + 1);
        Map<String, String> headers = new java.util.HashMap<>();
        for (String name : java.util.Collections.list(request.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), request.getHeader(name));
        }
        return events.accept(id, body, headers);
    }

    record PropertyView(
            String name,
            String type,
            String label,
            String description,
            boolean required,
            boolean secret,
            Object defaultValue) {}

    /** A connector; {@code configSchema} is the same settings as a JSON Schema (draft 2020-12). */
    record ConnectorView(
            String id,
            String name,
            String description,
            List<String> resourceTypes,
            List<PropertyView> config,
            Map<String, Object> configSchema) {}

    /**
     * An integration; secret settings are never returned, only listed in {@code secretsSet}. {@code agent} is set
     * for linux-agent integrations once an agent token exists: the agent's host, version and last report.
     */
    record IntegrationView(
            UUID id,
            String connector,
            String name,
            Map<String, Object> config,
            Set<String> secretsSet,
            int intervalMinutes,
            boolean enabled,
            int timeoutSeconds,
            Instant createdAt,
            String createdBy,
            Instant updatedAt,
            String updatedBy,
            RunView lastRun,
            Instant nextRunAt,
            AgentReports.AgentStatus agent) {}

    record RunView(
            UUID id,
            String trigger,
            String status,
            String progress,
            Instant startedAt,
            Instant finishedAt,
            Long durationMillis,
            int resourcesSeen,
            int resourcesChanged,
            String errorCategory,
            String error) {}

    @GetMapping("/connectors")
    @PreAuthorize(Access.READ_POSTURE)
    @Operation(summary = "Installed connectors and their configuration schemas")
    List<ConnectorView> connectors() {
        return integrations.connectors().stream().map(IntegrationsApi::view).toList();
    }

    @GetMapping("/integrations")
    @PreAuthorize(Access.READ_POSTURE)
    @Operation(summary = "Integrations of the workspace")
    List<IntegrationView> list(VigilPrincipal principal) {
        return integrations.list(principal.workspaceId()).stream()
                .map(i -> view(principal, i))
                .toList();
    }

    @PostMapping("/integrations")
    @PreAuthorize(Access.MANAGE_INTEGRATIONS)
    @Operation(summary = "Create an integration; when enabled it runs at once")
    ResponseEntity<IntegrationView> create(VigilPrincipal principal, @RequestBody IntegrationRequest request) {
        Integration created = integrations.create(principal.workspaceId(), request, principal.actor());
        return ResponseEntity.created(URI.create("/api/v1/integrations/" + created.id()))
                .body(view(principal, created));
    }

    @GetMapping("/integrations/{id}")
    @PreAuthorize(Access.READ_POSTURE)
    @Operation(summary = "One integration")
    IntegrationView get(VigilPrincipal principal, @PathVariable UUID id) {
        return view(principal, integrations.get(principal.workspaceId(), id));
    }

    @PutMapping("/integrations/{id}")
    @PreAuthorize(Access.MANAGE_INTEGRATIONS)
    @Operation(summary = "Change an integration; omitted secret settings keep their stored values")
    IntegrationView update(VigilPrincipal principal, @PathVariable UUID id, @RequestBody IntegrationRequest request) {
        return view(principal, integrations.update(principal.workspaceId(), id, request, principal.actor()));
    }

    @DeleteMapping("/integrations/{id}")
    @PreAuthorize(Access.MANAGE_INTEGRATIONS)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete an integration with its resources and results")
    void delete(VigilPrincipal principal, @PathVariable UUID id) {
        integrations.delete(principal.workspaceId(), id, principal.actor());
    }

    @PostMapping("/integrations/{id}/runs")
    @PreAuthorize(Access.MANAGE_INTEGRATIONS)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Run now; 409 when a run is in progress")
    Map<String, String> runNow(VigilPrincipal principal, @PathVariable UUID id) {
        integrations.runNow(principal.workspaceId(), id, principal.actor());
        return Map.of("status", "scheduled", "runs", "/api/v1/integrations/" + id + "/runs");
    }

    /** Settings to test before creating an integration. */
    record TestRequest(Map<String, Object> config) {}

    @PostMapping("/connectors/{connector}/test")
    @PreAuthorize(Access.MANAGE_INTEGRATIONS)
    @Operation(
            summary = "Test settings before creating an integration: settings, reach and sign in, read each kind"
                    + " of data. Nothing is stored.")
    ConnectionTest testSettings(
            VigilPrincipal principal,
            @PathVariable String connector,
            @RequestBody(required = false) TestRequest request) {
        return integrations.testConnection(
                principal.workspaceId(), connector, request == null ? Map.of() : request.config(), principal.actor());
    }

    @PostMapping("/integrations/{id}/test")
    @PreAuthorize(Access.MANAGE_INTEGRATIONS)
    @Operation(summary = "Test an integration with its stored settings. Nothing is stored.")
    ConnectionTest test(VigilPrincipal principal, @PathVariable UUID id) {
        return integrations.testConnection(principal.workspaceId(), id, principal.actor());
    }

    @GetMapping("/integrations/{id}/runs")
    @PreAuthorize(Access.READ_POSTURE)
    @Operation(summary = "Run history, newest first, paginated (Link header)")
    ResponseEntity<List<RunView>> runs(
            VigilPrincipal principal,
            @PathVariable UUID id,
            @RequestParam(required = false) UUID after,
            @RequestParam(required = false) Integer limit) {
        int pageSize = Pagination.limit(limit);
        List<RunView> runs = integrations.runs(principal.workspaceId(), id, after, pageSize).stream()
                .map(IntegrationsApi::view)
                .toList();
        return Pagination.page(runs, pageSize, r -> r.id().toString());
    }

    private IntegrationView view(VigilPrincipal principal, Integration i) {
        RunView last = integrations
                .latestRun(principal.workspaceId(), i.id())
                .map(IntegrationsApi::view)
                .orElse(null);
        Instant next = i.enabled() ? integrations.nextRun(i.id()).orElse(null) : null;
        AgentReports.AgentStatus agent = AgentReports.isPushed(i.connector())
                ? agents.status(principal.workspaceId(), i.id()).orElse(null)
                : null;
        return new IntegrationView(
                i.id(),
                i.connector(),
                i.name(),
                i.config(),
                i.secretsSet(),
                i.intervalMinutes(),
                i.enabled(),
                i.timeoutSeconds(),
                i.createdAt(),
                i.createdBy(),
                i.updatedAt(),
                i.updatedBy(),
                last,
                next,
                agent);
    }

    static RunView view(CollectionRun run) {
        return new RunView(
                run.id(),
                run.trigger(),
                run.status().name(),
                run.progress(),
                run.startedAt(),
                run.finishedAt(),
                run.finishedAt() == null ? null : run.duration(run.finishedAt()).toMillis(),
                run.resourcesSeen(),
                run.resourcesChanged(),
                run.errorCategory(),
                run.error());
    }

    private static ConnectorView view(ConnectorDescriptor descriptor) {
        return new ConnectorView(
                descriptor.id(),
                descriptor.name(),
                descriptor.description(),
                descriptor.resourceTypes(),
                descriptor.configSchema().properties().stream()
                        .map(IntegrationsApi::view)
                        .toList(),
                descriptor.configSchema().toJsonSchema());
    }

    private static PropertyView view(ConfigProperty p) {
        return new PropertyView(
                p.name(),
                p.type().name().toLowerCase(Locale.ROOT),
                p.label(),
                p.description(),
                p.required(),
                p.secret(),
                p.secret() ? null : p.defaultValue());
    }
}
