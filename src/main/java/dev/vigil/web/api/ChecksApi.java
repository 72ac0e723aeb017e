package dev.vigil.web.api;

import dev.vigil.catalog.CheckDefinition;
import dev.vigil.catalog.FrameworkCatalog;
import dev.vigil.identity.Access;
import dev.vigil.identity.VigilPrincipal;
import dev.vigil.monitoring.CheckResults;
import dev.vigil.monitoring.CheckStatus;
import dev.vigil.monitoring.CurrentResult;
import dev.vigil.monitoring.DriftEvent;
import dev.vigil.monitoring.ResultFilter;
import dev.vigil.posture.CheckRollup;
import dev.vigil.posture.PostureService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Check definitions, their current results and the drift timeline. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Checks", description = "Automated checks, results and drift events")
class ChecksApi {

    private final FrameworkCatalog catalog;
    private final PostureService posture;
    private final CheckResults results;

    ChecksApi(FrameworkCatalog catalog, PostureService posture, CheckResults results) {
        this.catalog = catalog;
        this.posture = posture;
        this.results = results;
    }

    record CheckView(
            String id,
            String title,
            String resourceType,
            String severity,
            String implementation,
            String expression,
            Map<String, Object> parameters,
            String rationale,
            String remediation,
            String state,
            Map<CheckStatus, Integer> results,
            List<String> controls) {}

    record ResourceRef(UUID id, String type, String externalId, String name) {}

    record ResultView(
            String checkId,
            ResourceRef resource,
            CheckStatus status,
            String reason,
            String observed,
            Instant since,
            Instant lastEvaluatedAt,
            UUID evidenceId) {}

    record DriftEventView(
            UUID id,
            String checkId,
            UUID resourceId,
            CheckStatus previousStatus,
            CheckStatus status,
            String reason,
            String cause,
            Instant occurredAt) {}

    @GetMapping("/checks")
    @PreAuthorize(Access.READ_POSTURE)
    @Operation(summary = "Checks with their state across resources")
    List<CheckView> checks(VigilPrincipal principal, @RequestParam(required = false) String resourceType) {
        return posture.report(principal.workspaceId()).checks().stream()
                .filter(c -> resourceType == null || c.check().resourceType().equals(resourceType))
                .map(this::view)
                .toList();
    }

    @GetMapping("/checks/{id}")
    @PreAuthorize(Access.READ_POSTURE)
    @Operation(summary = "One check with its state across resources")
    CheckView check(VigilPrincipal principal, @PathVariable String id) {
        return posture.report(principal.workspaceId())
                .check(id)
                .map(this::view)
                .orElseThrow(() -> new NotFoundException("check", id));
    }

    @GetMapping("/results")
    @PreAuthorize(Access.READ_POSTURE)
    @Operation(summary = "Current results per (check, resource), filtered and paginated (Link header)")
    ResponseEntity<List<ResultView>> results(
            VigilPrincipal principal,
            @RequestParam(required = false) UUID integration,
            @RequestParam(required = false) String check,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) UUID resource,
            @RequestParam(required = false) String after,
            @RequestParam(required = false) Integer limit) {
        int pageSize = Pagination.limit(limit);
        CheckStatus statusFilter = status == null ? null : parseStatus(status);
        CurrentResult cursor = null;
        if (after != null) {
            String[] parts = Pagination.decode(after, 2);
            try {
                cursor = new CurrentResult(
                        null,
                        parts[0],
                        UUID.fromString(parts[1]),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null);
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("after", "is not a cursor this endpoint issued");
            }
        }
        List<ResultView> page = results
                .current(
                        principal.workspaceId(),
                        new ResultFilter(integration, check, statusFilter, resource),
                        cursor,
                        pageSize)
                .stream()
                .map(ChecksApi::view)
                .toList();
        return Pagination.page(
                page,
                pageSize,
                r -> Pagination.encode(r.checkId(), r.resource().id().toString()));
    }

    @GetMapping("/drift-events")
    @PreAuthorize(Access.READ_POSTURE)
    @Operation(summary = "Transitions of (check, resource) states, newest first, paginated (Link header)")
    ResponseEntity<List<DriftEventView>> driftEvents(
            VigilPrincipal principal,
            @RequestParam(required = false) String check,
            @RequestParam(required = false) UUID after,
            @RequestParam(required = false) Integer limit) {
        int pageSize = Pagination.limit(limit);
        List<DriftEventView> events = results.driftEvents(principal.workspaceId(), after, check, pageSize).stream()
                .map(ChecksApi::view)
                .toList();
        return Pagination.page(events, pageSize, e -> e.id().toString());
    }

    private static CheckStatus parseStatus(String status) {
        try {
            return CheckStatus.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("status", "must be one of PASS, FAIL, ERROR, NOT_APPLICABLE");
        }
    }

    private CheckView view(CheckRollup rollup) {
        CheckDefinition check = rollup.check();
        return new CheckView(
                check.id(),
                check.title(),
                check.resourceType(),
                check.severity().name(),
                check.implementation().name(),
                check.expression(),
                check.parameters(),
                check.rationale(),
                check.remediation(),
                rollup.state().name(),
                rollup.counts(),
                catalog.controlsProvenBy(check.id()).stream().map(c -> c.id()).toList());
    }

    static ResultView view(CurrentResult result) {
        return new ResultView(
                result.checkId(),
                new ResourceRef(
                        result.resourceId(), result.resourceType(), result.resourceExternalId(), result.resourceName()),
                result.status(),
                result.reason(),
                result.observed(),
                result.since(),
                result.lastEvaluatedAt(),
                result.evidenceId());
    }

    private static DriftEventView view(DriftEvent event) {
        return new DriftEventView(
                event.id(),
                event.checkId(),
                event.resourceId(),
                event.previousStatus(),
                event.status(),
                event.reason(),
                event.cause(),
                event.occurredAt());
    }
}
