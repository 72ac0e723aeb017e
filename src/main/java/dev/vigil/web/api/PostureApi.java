package dev.vigil.web.api;

import dev.vigil.catalog.Control;
import dev.vigil.catalog.Coverage;
import dev.vigil.catalog.FrameworkCatalog;
import dev.vigil.identity.Access;
import dev.vigil.identity.VigilPrincipal;
import dev.vigil.posture.ControlStatus;
import dev.vigil.posture.FrameworkPosture;
import dev.vigil.posture.PostureReport;
import dev.vigil.posture.PostureService;
import dev.vigil.posture.RequirementStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Readiness per framework and requirement, and control status. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Posture", description = "Readiness per framework, requirement and control")
class PostureApi {

    private final PostureService posture;
    private final FrameworkCatalog catalog;

    PostureApi(PostureService posture, FrameworkCatalog catalog) {
        this.posture = posture;
        this.catalog = catalog;
    }

    /** Counts of a framework's requirements by state. */
    record RequirementCounts(int total, int ready, int failing, int needsEvidence) {}

    /**
     * A framework's readiness: the share (0 to 1) of in-scope requirements that are ready; {@code
     * excludedCategories} were left out of scope by the workspace.
     */
    record FrameworkSummary(
            String id,
            String name,
            String version,
            boolean inScope,
            java.util.Set<String> excludedCategories,
            double readiness,
            RequirementCounts requirements) {}

    record Posture(List<FrameworkSummary> frameworks, Instant generatedAt) {}

    record RequirementView(
            String id,
            String title,
            String summary,
            String section,
            String implementation,
            String category,
            String notApplicable,
            String status,
            List<String> controls) {}

    record ControlView(
            String id,
            String title,
            String description,
            String category,
            String ownerRole,
            String frequency,
            String status,
            List<String> checks,
            Map<String, List<String>> mappings) {}

    @GetMapping("/posture")
    @PreAuthorize(Access.READ_POSTURE)
    @Operation(summary = "Readiness of every framework")
    Posture posture(VigilPrincipal principal) {
        PostureReport report = posture.report(principal.workspaceId());
        return new Posture(
                report.inScopeFrameworks().stream().map(PostureApi::summary).toList(), report.generatedAt());
    }

    @GetMapping("/frameworks")
    @PreAuthorize(Access.READ_POSTURE)
    @Operation(summary = "Frameworks with readiness")
    List<FrameworkSummary> frameworks(VigilPrincipal principal) {
        return posture.report(principal.workspaceId()).frameworks().stream()
                .map(PostureApi::summary)
                .toList();
    }

    @GetMapping("/frameworks/{id}")
    @PreAuthorize(Access.READ_POSTURE)
    @Operation(summary = "One framework with readiness")
    FrameworkSummary framework(VigilPrincipal principal, @PathVariable String id) {
        return summary(framework(principal, id, posture.report(principal.workspaceId())));
    }

    @GetMapping("/frameworks/{id}/requirements")
    @PreAuthorize(Access.READ_POSTURE)
    @Operation(summary = "Requirements of a framework with their status and covering controls")
    List<RequirementView> requirements(VigilPrincipal principal, @PathVariable String id) {
        FrameworkPosture framework = framework(principal, id, posture.report(principal.workspaceId()));
        return framework.requirements().stream().map(PostureApi::requirement).toList();
    }

    @GetMapping("/frameworks/{id}/coverage")
    @PreAuthorize(Access.READ_POSTURE)
    @Operation(
            summary = "How completely the control library covers a framework: mapped, automated, manual only,"
                    + " not applicable and unmapped requirements")
    Coverage coverage(@PathVariable String id) {
        return catalog.coverage(id).orElseThrow(() -> new NotFoundException("framework", id));
    }

    @GetMapping("/controls")
    @PreAuthorize(Access.READ_POSTURE)
    @Operation(summary = "Controls with their status")
    List<ControlView> controls(VigilPrincipal principal) {
        return posture.report(principal.workspaceId()).controls().stream()
                .map(PostureApi::control)
                .toList();
    }

    @GetMapping("/controls/{id}")
    @PreAuthorize(Access.READ_POSTURE)
    @Operation(summary = "One control with its status")
    ControlView control(VigilPrincipal principal, @PathVariable String id) {
        return posture.report(principal.workspaceId())
                .control(id)
                .map(PostureApi::control)
                .orElseThrow(() -> new NotFoundException("control", id));
    }

    private static FrameworkPosture framework(VigilPrincipal principal, String id, PostureReport report) {
        return report.framework(id).orElseThrow(() -> new NotFoundException("framework", id));
    }

    static FrameworkSummary summary(FrameworkPosture framework) {
        return new FrameworkSummary(
                framework.framework().id(),
                framework.framework().name(),
                framework.framework().version(),
                framework.scope().inScope(),
                new java.util.TreeSet<>(framework.scope().excludedCategories()),
                Math.round(framework.readiness() * 10_000) / 10_000.0,
                new RequirementCounts(
                        framework.total(), framework.ready(), framework.failing(), framework.needsEvidence()));
    }

    private static RequirementView requirement(RequirementStatus status) {
        return new RequirementView(
                status.requirement().id(),
                status.requirement().title(),
                status.requirement().summary(),
                status.requirement().section(),
                status.requirement().implementation(),
                status.requirement().category(),
                status.requirement().notApplicable(),
                status.state().name(),
                status.controls().stream().map(c -> c.control().id()).toList());
    }

    private static ControlView control(ControlStatus status) {
        Control control = status.control();
        return new ControlView(
                control.id(),
                control.title(),
                control.description(),
                control.category(),
                control.ownerRole(),
                control.frequency(),
                status.state().name(),
                control.checkIds(),
                control.mappings());
    }
}
