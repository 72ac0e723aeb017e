package dev.vigil.web.ui;

import dev.vigil.catalog.CheckDefinition;
import dev.vigil.catalog.FrameworkCatalog;
import dev.vigil.evidence.EvidenceTasks;
import dev.vigil.evidence.TaskStatus;
import dev.vigil.identity.Access;
import dev.vigil.identity.VigilPrincipal;
import dev.vigil.integration.CollectionRun;
import dev.vigil.integration.Integration;
import dev.vigil.integration.Integrations;
import dev.vigil.monitoring.CheckResults;
import dev.vigil.monitoring.CheckStatus;
import dev.vigil.monitoring.CurrentResult;
import dev.vigil.monitoring.ResultFilter;
import dev.vigil.posture.CheckRollup;
import dev.vigil.posture.PostureReport;
import dev.vigil.posture.PostureService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The first page after sign-in: readiness per framework, what fails now (worst first, with the fix), and the
 * counts of checks by state. A newcomer without integrations or results sees what to do next instead.
 */
@Controller
class DashboardController {

    /** Failing (and erring) checks shown in full; the rest are a link to the checks list. */
    static final int MAX_FINDINGS = 10;

    private final PostureService posture;
    private final FrameworkCatalog catalog;
    private final CheckResults results;
    private final Integrations integrations;
    private final Clock clock;

    private final EvidenceTasks evidenceTasks;

    DashboardController(
            PostureService posture,
            FrameworkCatalog catalog,
            CheckResults results,
            Integrations integrations,
            EvidenceTasks evidenceTasks,
            Clock clock) {
        this.evidenceTasks = evidenceTasks;
        this.posture = posture;
        this.catalog = catalog;
        this.results = results;
        this.integrations = integrations;
        this.clock = clock;
    }

    /** One check with the resources it currently fails (or cannot evaluate) on. */
    record CheckWithResults(CheckDefinition check, List<CurrentResult> results) {}

    /** An integration and its most recent run, for the "collecting" state. */
    record IntegrationActivity(Integration integration, CollectionRun latestRun, boolean busy) {}

    /** What the page leads with. */
    enum Stage {
        /** No integration yet: point to "Add an integration". */
        NO_INTEGRATIONS,
        /** Integrations exist but nothing was evaluated yet: first collection in progress or failed. */
        COLLECTING,
        /** Results exist. */
        RESULTS
    }

    @GetMapping("/")
    @PreAuthorize(Access.READ_POSTURE)
    String dashboard(VigilPrincipal principal, Model model) {
        PostureReport report = posture.report(principal.workspaceId());
        Map<String, Integer> checkStates = countByState(report);
        boolean anyResult = checkStates.get(CheckRollup.State.NO_DATA.name())
                < report.checks().size();

        List<CheckWithResults> failing = grouped(principal, CheckStatus.FAIL);
        List<CheckWithResults> errors = grouped(principal, CheckStatus.ERROR);

        List<Integration> configured = integrations.list(principal.workspaceId());
        Stage stage = configured.isEmpty() ? Stage.NO_INTEGRATIONS : anyResult ? Stage.RESULTS : Stage.COLLECTING;
        List<IntegrationActivity> activity = new ArrayList<>();
        if (stage == Stage.COLLECTING) {
            for (Integration integration : configured) {
                Optional<CollectionRun> latest = integrations.latestRun(principal.workspaceId(), integration.id());
                boolean running = latest.map(r -> r.status() == CollectionRun.RunStatus.RUNNING)
                        .orElse(false);
                boolean due = integration.enabled()
                        && integrations
                                .nextRun(integration.id())
                                .map(at -> !at.isAfter(clock.instant()))
                                .orElse(false);
                activity.add(new IntegrationActivity(integration, latest.orElse(null), running || due));
            }
        }

        model.addAttribute("report", report);
        Map<TaskStatus.State, Long> tasks = new EnumMap<>(TaskStatus.State.class);
        evidenceTasks.statuses(principal.workspaceId()).forEach(t -> tasks.merge(t.state(), 1L, Long::sum));
        model.addAttribute("tasksMissing", tasks.getOrDefault(TaskStatus.State.MISSING, 0L));
        model.addAttribute("tasksOverdue", tasks.getOrDefault(TaskStatus.State.OVERDUE, 0L));
        model.addAttribute("checkStates", checkStates);
        model.addAttribute("failing", failing);
        model.addAttribute(
                "failingResults",
                failing.stream().mapToInt(c -> c.results().size()).sum());
        model.addAttribute("errors", errors);
        model.addAttribute("maxFindings", MAX_FINDINGS);
        model.addAttribute("stage", stage);
        model.addAttribute("activity", activity);
        model.addAttribute("collecting", activity.stream().anyMatch(IntegrationActivity::busy));
        model.addAttribute("integrationCount", configured.size());
        return "dashboard";
    }

    /** Checks per roll-up state, keyed by the state's name (templates read {@code checkStates['FAILING']}). */
    static Map<String, Integer> countByState(PostureReport report) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (CheckRollup.State state : CheckRollup.State.values()) {
            counts.put(state.name(), 0);
        }
        report.checks().forEach(c -> counts.merge(c.state().name(), 1, Integer::sum));
        return counts;
    }

    /** Current results with one status, grouped by check, worst severity first. */
    private List<CheckWithResults> grouped(VigilPrincipal principal, CheckStatus status) {
        Map<String, List<CurrentResult>> byCheck = new LinkedHashMap<>();
        for (CurrentResult result :
                results.current(principal.workspaceId(), new ResultFilter(null, null, status, null))) {
            byCheck.computeIfAbsent(result.checkId(), k -> new ArrayList<>()).add(result);
        }
        List<CheckWithResults> grouped = new ArrayList<>();
        byCheck.forEach((checkId, list) -> catalog.check(checkId)
                .ifPresent(check -> grouped.add(new CheckWithResults(
                        check,
                        list.stream()
                                .sorted(Comparator.comparing(
                                        CurrentResult::resourceName, Comparator.nullsLast(Comparator.naturalOrder())))
                                .toList()))));
        grouped.sort(Comparator.comparing(CheckWithResults::check, FrameworkCatalog.bySeverity()));
        return grouped;
    }
}
