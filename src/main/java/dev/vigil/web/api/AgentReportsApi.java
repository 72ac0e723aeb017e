package dev.vigil.web.api;

import dev.vigil.identity.Access;
import dev.vigil.identity.VigilPrincipal;
import dev.vigil.integration.AgentReports;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The host agent's door: its token, and the reports it pushes. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Host agent", description = "Agent tokens and the reports agents push for linux-agent integrations")
class AgentReportsApi {

    private final AgentReports reports;

    AgentReportsApi(AgentReports reports) {
        this.reports = reports;
    }

    /** A new agent token, shown once, and how to start the agent with it. */
    record AgentTokenView(String token, String endpoint, String command) {}

    @PostMapping("/integrations/{id}/agent-token")
    @PreAuthorize(Access.MANAGE_INTEGRATIONS)
    @Operation(
            summary = "Create or replace the agent token of a linux-agent integration; it is shown only in this"
                    + " answer and the token it replaces stops working")
    AgentTokenView token(VigilPrincipal principal, @PathVariable UUID id) {
        String token = reports.rotateToken(principal.workspaceId(), id, principal.actor());
        return new AgentTokenView(
                token,
                "/api/v1/integrations/" + id + "/agent-reports",
                "VIGIL_AGENT_TOKEN=<token> java -jar vigil.jar agent --server <Vigil's URL>");
    }

    @PostMapping("/integrations/{id}/agent-reports")
    // No API token: the agent token in the Authorization header authenticates the agent and is checked against
    // this integration by AgentReports (401 unknown, 403 another integration's). See the agent chain in
    // SecurityConfiguration.
    @PreAuthorize(Access.ANYONE)
    @Operation(
            summary = "A report pushed by the host agent (Authorization: Bearer vag_…): recorded as a collection"
                    + " run with trigger 'agent' and evaluated at once")
    AgentReports.Accepted report(@PathVariable UUID id, HttpServletRequest request) throws IOException {
        return reports.accept(
                id, request.getHeader("Authorization"), request.getContentLengthLong(), request.getInputStream());
    }
}
