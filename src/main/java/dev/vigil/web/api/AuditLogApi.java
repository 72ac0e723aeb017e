package dev.vigil.web.api;

import dev.vigil.audit.AuditEvent;
import dev.vigil.audit.AuditLog;
import dev.vigil.identity.Access;
import dev.vigil.identity.VigilPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log: read with filters, verify the hash chain, export for a SIEM. */
@RestController
@RequestMapping("/api/v1/audit-log")
@Tag(name = "Audit log", description = "Who did what and when, hash-chained")
class AuditLogApi {

    private final AuditLog audit;

    AuditLogApi(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping
    @PreAuthorize(Access.READ_AUDIT_LOG)
    @Operation(
            summary = "Entries of the workspace, newest first; filter by action (or prefix ending in '.') and"
                    + " actor; paginated (Link header)")
    ResponseEntity<List<AuditEvent>> list(
            VigilPrincipal principal,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String after,
            @RequestParam(required = false) Integer limit) {
        int pageSize = Pagination.limit(limit);
        Long before = null;
        if (after != null) {
            try {
                before = Long.parseLong(after);
            } catch (NumberFormatException e) {
                throw new BadRequestException("after", "is not a cursor this endpoint issued");
            }
        }
        List<AuditEvent> page = audit.page(principal.workspaceId(), action, actor, before, pageSize);
        return Pagination.page(page, pageSize, e -> Long.toString(e.sequence()));
    }

    @GetMapping("/verify")
    @PreAuthorize(Access.READ_AUDIT_LOG)
    @Operation(summary = "Recompute the hash chain: whether it is intact, and where it breaks")
    AuditLog.Verification verify() {
        return audit.verify();
    }

    @GetMapping(value = "/export", produces = "application/x-ndjson")
    @PreAuthorize(Access.READ_AUDIT_LOG)
    @Operation(summary = "The workspace's entries, oldest first, as JSON Lines; the export itself is audited")
    void export(VigilPrincipal principal, HttpServletResponse response) throws IOException {
        audit.record(principal.workspaceId(), principal.actor(), "audit-log.exported", null, Map.of("format", "jsonl"));
        response.setContentType("application/x-ndjson");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"vigil-audit-log.jsonl\"");
        // Written straight to the response, entry by entry, so a long log never sits in memory whole.
        Writer writer = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        audit.exportJsonLines(principal.workspaceId(), writer);
        writer.flush();
    }
}
