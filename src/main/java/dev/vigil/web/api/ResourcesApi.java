package dev.vigil.web.api;

import dev.vigil.evidence.EvidenceLedger;
import dev.vigil.evidence.EvidenceRecord;
import dev.vigil.identity.Access;
import dev.vigil.identity.VigilPrincipal;
import dev.vigil.inventory.Inventory;
import dev.vigil.inventory.ResourceRecord;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Resources and the evidence behind them. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Resources", description = "Observed resources and their evidence")
class ResourcesApi {

    private final Inventory inventory;
    private final EvidenceLedger evidence;

    ResourcesApi(Inventory inventory, EvidenceLedger evidence) {
        this.inventory = inventory;
        this.evidence = evidence;
    }

    record ResourceView(
            UUID id,
            UUID integrationId,
            String type,
            String externalId,
            String name,
            String contentHash,
            Instant firstSeenAt,
            Instant lastSeenAt,
            Instant changedAt,
            Map<String, Object> attributes,
            Map<String, String> unknown) {}

    record EvidenceView(
            UUID id,
            long sequence,
            UUID resourceId,
            UUID runId,
            Instant observedAt,
            String contentHash,
            String previousHash,
            String recordHash,
            Map<String, Object> content) {}

    @GetMapping("/resources")
    @PreAuthorize(Access.READ_POSTURE)
    @Operation(summary = "Present resources, filtered by type, paginated (Link header)")
    ResponseEntity<List<ResourceView>> resources(
            VigilPrincipal principal,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) UUID after,
            @RequestParam(required = false) Integer limit) {
        int pageSize = Pagination.limit(limit);
        List<ResourceView> page = inventory.page(principal.workspaceId(), type, after, pageSize).stream()
                .map(ResourcesApi::view)
                .toList();
        return Pagination.page(page, pageSize, r -> r.id().toString());
    }

    @GetMapping("/resources/{id}")
    @PreAuthorize(Access.READ_POSTURE)
    @Operation(summary = "One resource with its attribute document")
    ResourceView resource(VigilPrincipal principal, @PathVariable UUID id) {
        return inventory
                .find(principal.workspaceId(), id)
                .map(ResourcesApi::view)
                .orElseThrow(() -> new NotFoundException("resource", id));
    }

    @GetMapping("/resources/{id}/evidence")
    @PreAuthorize(Access.READ_POSTURE)
    @Operation(summary = "Observations of a resource, newest first")
    List<EvidenceView> resourceEvidence(
            VigilPrincipal principal, @PathVariable UUID id, @RequestParam(required = false) Integer limit) {
        inventory.find(principal.workspaceId(), id).orElseThrow(() -> new NotFoundException("resource", id));
        return evidence.history(principal.workspaceId(), id, Pagination.limit(limit)).stream()
                .map(ResourcesApi::view)
                .toList();
    }

    @GetMapping("/evidence/{id}")
    @PreAuthorize(Access.READ_POSTURE)
    @Operation(summary = "One evidence record with its hashes and content")
    EvidenceView evidence(VigilPrincipal principal, @PathVariable UUID id) {
        return evidence.find(principal.workspaceId(), id)
                .map(ResourcesApi::view)
                .orElseThrow(() -> new NotFoundException("evidence", id));
    }

    static ResourceView view(ResourceRecord r) {
        return new ResourceView(
                r.id(),
                r.integrationId(),
                r.type(),
                r.externalId(),
                r.name(),
                r.contentHash(),
                r.firstSeenAt(),
                r.lastSeenAt(),
                r.changedAt(),
                r.attributes(),
                r.unknown());
    }

    static EvidenceView view(EvidenceRecord e) {
        return new EvidenceView(
                e.id(),
                e.sequence(),
                e.resourceId(),
                e.runId(),
                e.observedAt(),
                e.contentHash(),
                e.previousHash(),
                e.recordHash(),
                e.content());
    }
}
