package dev.vigil.web.ui;

import dev.vigil.catalog.FrameworkCatalog;
import dev.vigil.catalog.Severity;
import dev.vigil.identity.Access;
import dev.vigil.identity.VigilPrincipal;
import dev.vigil.monitoring.CheckResults;
import dev.vigil.monitoring.CurrentResult;
import dev.vigil.monitoring.DriftEvent;
import dev.vigil.monitoring.ResultFilter;
import dev.vigil.posture.CheckRollup;
import dev.vigil.posture.ControlStatus;
import dev.vigil.posture.PostureReport;
import dev.vigil.posture.PostureService;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** Checks with their roll-up, and one check with its definition, per-resource results and recent drift. */
@Controller
class CheckPages {

    /** How many recent transitions the check page lists. */
    static final int DRIFT_EVENTS_SHOWN = 20;

    private final PostureService posture;
    private final FrameworkCatalog catalog;
    private final CheckResults results;

    CheckPages(PostureService posture, FrameworkCatalog catalog, CheckResults results) {
        this.posture = posture;
        this.catalog = catalog;
        this.results = results;
    }

    /** Failing results first, then errors, passes, not applicable; then by resource name. */
    static final Comparator<CurrentResult> WORST_FIRST = Comparator.comparing((CurrentResult r) -> switch (r.status()) {
                case FAIL -> 0;
                case ERROR -> 1;
                case PASS -> 2;
                case NOT_APPLICABLE -> 3;
            })
            .thenComparing(CurrentResult::resourceName, Comparator.nullsLast(Comparator.naturalOrder()));

    @GetMapping("/checks")
    @PreAuthorize(Access.READ_POSTURE)
    String checks(
            VigilPrincipal principal,
            @RequestParam(name = "state", required = false) String stateFilter,
            @RequestParam(name = "severity", required = false) String severityFilter,
            Model model) {
        CheckRollup.State state = Filters.parse(CheckRollup.State.class, stateFilter);
        Severity severity = Filters.parse(Severity.class, severityFilter);
        PostureReport report = posture.report(principal.workspaceId());
        Map<CheckRollup.State, Integer> counts = new EnumMap<>(CheckRollup.State.class);
        for (CheckRollup.State s : CheckRollup.State.values()) {
            counts.put(s, 0);
        }
        report.checks().forEach(c -> counts.merge(c.state(), 1, Integer::sum));
        List<CheckRollup> shown = report.checks().stream()
                .filter(c -> state == null || c.state() == state)
                .filter(c -> severity == null || c.check().severity() == severity)
                .sorted(Comparator.comparing(CheckRollup::check, FrameworkCatalog.bySeverity()))
                .toList();
        model.addAttribute("checks", shown);
        model.addAttribute("counts", counts);
        model.addAttribute("total", report.checks().size());
        model.addAttribute("state", state);
        model.addAttribute("severity", severity);
        model.addAttribute("severities", Severity.values());
        return "checks/list";
    }

    @GetMapping("/checks/{id}")
    @PreAuthorize(Access.READ_POSTURE)
    String check(VigilPrincipal principal, @PathVariable String id, Model model) {
        PostureReport report = posture.report(principal.workspaceId());
        CheckRollup check = report.check(id).orElseThrow(() -> new PageNotFoundException("check", id));
        List<CurrentResult> current =
                results.current(principal.workspaceId(), new ResultFilter(null, id, null, null)).stream()
                        .sorted(WORST_FIRST)
                        .toList();
        Set<String> provenBy =
                catalog.controlsProvenBy(id).stream().map(c -> c.id()).collect(Collectors.toSet());
        List<ControlStatus> controls = report.controls().stream()
                .filter(c -> provenBy.contains(c.control().id()))
                .toList();
        List<DriftEvent> drift = results.driftEvents(principal.workspaceId(), null, id, DRIFT_EVENTS_SHOWN);
        Map<UUID, String> resourceNames =
                current.stream().collect(Collectors.toMap(CurrentResult::resourceId, CheckPages::label, (a, b) -> a));
        model.addAttribute("rollup", check);
        model.addAttribute("check", check.check());
        model.addAttribute("results", current);
        model.addAttribute("controls", controls);
        model.addAttribute("drift", drift);
        model.addAttribute("resourceNames", resourceNames);
        return "checks/detail";
    }

    private static String label(CurrentResult result) {
        return result.resourceName() == null || result.resourceName().isBlank()
                ? result.resourceExternalId()
                : result.resourceName();
    }
}
