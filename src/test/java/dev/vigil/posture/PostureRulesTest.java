package dev.vigil.posture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.catalog.FrameworkCatalog;
import dev.vigil.evidence.EvidenceUpload;
import dev.vigil.evidence.TaskStatus;
import dev.vigil.monitoring.CheckStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostureRulesTest {

    private final FrameworkCatalog catalog = FrameworkCatalog.load("test-content");

    private CheckRollup rollup(String checkId, Map<CheckStatus, Integer> counts) {
        return new CheckRollup(catalog.check(checkId).orElseThrow(), CheckRollup.stateOf(counts), counts);
    }

    @Test
    void anyFailingResourceMakesTheCheckFailing() {
        assertThat(CheckRollup.stateOf(Map.of(CheckStatus.PASS, 9, CheckStatus.FAIL, 1)))
                .isEqualTo(CheckRollup.State.FAILING);
        assertThat(CheckRollup.stateOf(Map.of(CheckStatus.PASS, 9, CheckStatus.ERROR, 1)))
                .isEqualTo(CheckRollup.State.ERROR);
        assertThat(CheckRollup.stateOf(Map.of())).isEqualTo(CheckRollup.State.NO_DATA);
    }

    @Test
    void errorIsNeverCountedAsPassing() {
        List<CheckRollup> checks = List.of(
                rollup("test.root-login", Map.of(CheckStatus.PASS, 1)),
                rollup("test.max-tries", Map.of(CheckStatus.ERROR, 1)));
        assertThat(PostureService.controlState(checks)).isEqualTo(ControlStatus.State.ERROR);
    }

    @Test
    void controlWithoutAutomatedResultsNeedsEvidence() {
        assertThat(PostureService.controlState(List.of())).isEqualTo(ControlStatus.State.NEEDS_EVIDENCE);
        assertThat(PostureService.controlState(List.of(rollup("test.root-login", Map.of()))))
                .isEqualTo(ControlStatus.State.NEEDS_EVIDENCE);
        assertThat(PostureService.controlState(
                        List.of(rollup("test.root-login", Map.of(CheckStatus.NOT_APPLICABLE, 2)))))
                .isEqualTo(ControlStatus.State.NEEDS_EVIDENCE);
    }

    @Test
    void overdueEvidenceFailsTheControlAndMissingEvidenceKeepsItFromPassing() {
        var task = catalog.evidenceTask("task.quarterly-hardening-review").orElseThrow();
        var today = java.time.LocalDate.of(2026, 11, 27);
        TaskStatus missing = TaskStatus.of(task, null, today);
        TaskStatus current = TaskStatus.of(task, upload(today.minusDays(10)), today);
        TaskStatus overdue = TaskStatus.of(task, upload(today.minusMonths(4)), today);
        List<CheckRollup> passingChecks = List.of(rollup("test.root-login", Map.of(CheckStatus.PASS, 1)));

        assertThat(PostureService.controlState(passingChecks, List.of(current))).isEqualTo(ControlStatus.State.PASSING);
        assertThat(PostureService.controlState(passingChecks, List.of(missing)))
                .isEqualTo(ControlStatus.State.NEEDS_EVIDENCE);
        assertThat(PostureService.controlState(passingChecks, List.of(overdue))).isEqualTo(ControlStatus.State.FAILING);
        assertThat(PostureService.controlState(List.of(), List.of(current))).isEqualTo(ControlStatus.State.PASSING);
    }

    private static EvidenceUpload upload(java.time.LocalDate effective) {
        return new EvidenceUpload(
                java.util.UUID.randomUUID(),
                "task.quarterly-hardening-review",
                "review.pdf",
                "application/pdf",
                1,
                "0".repeat(64),
                effective,
                null,
                java.time.Instant.EPOCH,
                "test");
    }

    @Test
    void requirementIsReadyOnlyWhenEveryMappedControlPasses() {
        var control = catalog.control("test.ssh-hardened").orElseThrow();
        var manual = catalog.control("test.manual").orElseThrow();
        ControlStatus passing = new ControlStatus(control, ControlStatus.State.PASSING, List.of(), List.of());
        ControlStatus failing = new ControlStatus(control, ControlStatus.State.FAILING, List.of(), List.of());
        ControlStatus needsEvidence =
                new ControlStatus(manual, ControlStatus.State.NEEDS_EVIDENCE, List.of(), List.of());

        assertThat(PostureService.requirementState(List.of(passing))).isEqualTo(RequirementStatus.State.READY);
        assertThat(PostureService.requirementState(List.of(passing, needsEvidence)))
                .isEqualTo(RequirementStatus.State.NEEDS_EVIDENCE);
        assertThat(PostureService.requirementState(List.of(passing, failing)))
                .isEqualTo(RequirementStatus.State.FAILING);
        assertThat(PostureService.requirementState(List.of())).isEqualTo(RequirementStatus.State.NEEDS_EVIDENCE);
    }
}
