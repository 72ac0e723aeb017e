package dev.vigil.posture;

import dev.vigil.catalog.CheckDefinition;
import dev.vigil.catalog.Control;
import dev.vigil.catalog.Framework;
import dev.vigil.catalog.FrameworkCatalog;
import dev.vigil.catalog.Requirement;
import dev.vigil.evidence.EvidenceTasks;
import dev.vigil.evidence.TaskStatus;
import dev.vigil.monitoring.CheckResults;
import dev.vigil.monitoring.CheckStatus;
import dev.vigil.workspace.WorkspaceId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Computes a workspace's posture from current check results. One aggregate query per call; everything else is
 * in memory over the catalog, so a report is consistent within itself.
 */
@Service
public class PostureService {

    private final FrameworkCatalog catalog;
    private final CheckResults results;
    private final EvidenceTasks evidenceTasks;
    private final FrameworkScopes scopes;
    private final Clock clock;

    PostureService(
            FrameworkCatalog catalog,
            CheckResults results,
            EvidenceTasks evidenceTasks,
            FrameworkScopes scopes,
            Clock clock) {
        this.catalog = catalog;
        this.results = results;
        this.evidenceTasks = evidenceTasks;
        this.scopes = scopes;
        this.clock = clock;
    }

    public PostureReport report(WorkspaceId workspace) {
        Map<String, Map<CheckStatus, Integer>> counts = results.countsByCheck(workspace);
        Map<String, CheckRollup> checks = new LinkedHashMap<>();
        for (CheckDefinition check : catalog.checks()) {
            Map<CheckStatus, Integer> checkCounts = counts.getOrDefault(check.id(), new EnumMap<>(CheckStatus.class));
            checks.put(check.id(), new CheckRollup(check, CheckRollup.stateOf(checkCounts), Map.copyOf(checkCounts)));
        }
        List<TaskStatus> taskStatuses = evidenceTasks.statuses(workspace);
        Map<String, ControlStatus> controls = new LinkedHashMap<>();
        for (Control control : catalog.controls()) {
            List<CheckRollup> rollups =
                    control.checkIds().stream().map(checks::get).toList();
            List<TaskStatus> tasks = taskStatuses.stream()
                    .filter(t -> t.task().controlIds().contains(control.id()))
                    .toList();
            controls.put(control.id(), new ControlStatus(control, controlState(rollups, tasks), rollups, tasks));
        }
        Map<String, Scope> scopeByFramework = new LinkedHashMap<>();
        scopes.scopes(workspace).forEach(scope -> scopeByFramework.put(scope.frameworkId(), scope));
        List<FrameworkPosture> frameworks = new ArrayList<>();
        for (Framework framework : catalog.frameworks()) {
            frameworks.add(framework(framework, controls, scopeByFramework.get(framework.id())));
        }
        return new PostureReport(
                frameworks, List.copyOf(controls.values()), List.copyOf(checks.values()), clock.instant());
    }

    private FrameworkPosture framework(Framework framework, Map<String, ControlStatus> controls, Scope scope) {
        List<RequirementStatus> requirements = new ArrayList<>();
        int ready = 0;
        int failing = 0;
        int needsEvidence = 0;
        for (Requirement requirement : framework.requirements()) {
            List<ControlStatus> mapped = catalog.controlsFor(framework.id(), requirement.id()).stream()
                    .map(c -> controls.get(c.id()))
                    .toList();
            RequirementStatus.State state;
            if (!requirement.inScope()) {
                state = RequirementStatus.State.NOT_APPLICABLE;
            } else if (!scope.includes(requirement.category())) {
                state = RequirementStatus.State.OUT_OF_SCOPE;
            } else {
                state = requirementState(mapped);
            }
            switch (state) {
                case READY -> ready++;
                case FAILING -> failing++;
                case NEEDS_EVIDENCE -> needsEvidence++;
                case NOT_APPLICABLE, OUT_OF_SCOPE -> {}
            }
            requirements.add(new RequirementStatus(requirement, state, mapped));
        }
        int total = ready + failing + needsEvidence;
        double readiness = total == 0 ? 0 : (double) ready / total;
        return new FrameworkPosture(framework, scope, readiness, total, ready, failing, needsEvidence, requirements);
    }

    static ControlStatus.State controlState(List<CheckRollup> checks) {
        return controlState(checks, List.of());
    }

    /**
     * A failing check or an overdue task fails the control; an unevaluable check makes it ERROR; a task never
     * provided, or no result at all, leaves it needing evidence; otherwise it passes.
     */
    static ControlStatus.State controlState(List<CheckRollup> checks, List<TaskStatus> tasks) {
        boolean anyPassing = false;
        boolean anyError = false;
        boolean anyMissing = false;
        for (CheckRollup check : checks) {
            switch (check.state()) {
                case FAILING -> {
                    return ControlStatus.State.FAILING;
                }
                case ERROR -> anyError = true;
                case PASSING -> anyPassing = true;
                default -> {}
            }
        }
        for (TaskStatus task : tasks) {
            switch (task.state()) {
                case OVERDUE -> {
                    return ControlStatus.State.FAILING;
                }
                case MISSING -> anyMissing = true;
                case CURRENT -> anyPassing = true;
            }
        }
        if (anyError) {
            return ControlStatus.State.ERROR;
        }
        if (anyMissing) {
            return ControlStatus.State.NEEDS_EVIDENCE;
        }
        return anyPassing ? ControlStatus.State.PASSING : ControlStatus.State.NEEDS_EVIDENCE;
    }

    static RequirementStatus.State requirementState(List<ControlStatus> controls) {
        if (controls.isEmpty()) {
            return RequirementStatus.State.NEEDS_EVIDENCE;
        }
        boolean allPassing = true;
        for (ControlStatus control : controls) {
            if (control.state() == ControlStatus.State.FAILING || control.state() == ControlStatus.State.ERROR) {
                return RequirementStatus.State.FAILING;
            }
            allPassing &= control.state() == ControlStatus.State.PASSING;
        }
        return allPassing ? RequirementStatus.State.READY : RequirementStatus.State.NEEDS_EVIDENCE;
    }
}
