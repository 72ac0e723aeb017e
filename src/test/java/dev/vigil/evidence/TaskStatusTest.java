package dev.vigil.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.catalog.EvidenceTaskDefinition;
import dev.vigil.catalog.FrameworkCatalog;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TaskStatusTest {

    private final FrameworkCatalog catalog = FrameworkCatalog.load("test-content");
    private final EvidenceTaskDefinition annual =
            catalog.evidenceTask("task.annual-review").orElseThrow();
    private final EvidenceTaskDefinition quarterly =
            catalog.evidenceTask("task.quarterly-hardening-review").orElseThrow();

    private static EvidenceUpload effective(LocalDate date) {
        return new EvidenceUpload(
                UUID.randomUUID(),
                "t",
                "minutes.pdf",
                "application/pdf",
                10,
                "0".repeat(64),
                date,
                null,
                Instant.parse("2026-11-27T10:00:00Z"),
                "user:owner@example.com");
    }

    @Test
    void nothingProvidedIsMissingAndDueToday() {
        TaskStatus status = TaskStatus.of(annual, null, LocalDate.of(2026, 11, 27));

        assertThat(status.state()).isEqualTo(TaskStatus.State.MISSING);
        assertThat(status.dueDate()).isEqualTo(LocalDate.of(2026, 11, 27));
    }

    @Test
    void evidenceIsCurrentForOnePeriodFromItsEffectiveDateNotItsUploadDate() {
        EvidenceUpload lastDecember = effective(LocalDate.of(2025, 12, 1));

        assertThat(TaskStatus.of(annual, lastDecember, LocalDate.of(2026, 11, 30))
                        .state())
                .isEqualTo(TaskStatus.State.CURRENT);
        TaskStatus due = TaskStatus.of(annual, lastDecember, LocalDate.of(2026, 12, 1));
        assertThat(due.state()).isEqualTo(TaskStatus.State.OVERDUE);
        assertThat(due.dueDate()).isEqualTo(LocalDate.of(2026, 12, 1));
    }

    @Test
    void quarterlyEvidenceExpiresAfterThreeMonths() {
        EvidenceUpload august = effective(LocalDate.of(2026, 8, 15));

        assertThat(TaskStatus.of(quarterly, august, LocalDate.of(2026, 11, 14)).state())
                .isEqualTo(TaskStatus.State.CURRENT);
        assertThat(TaskStatus.of(quarterly, august, LocalDate.of(2026, 11, 15)).state())
                .isEqualTo(TaskStatus.State.OVERDUE);
    }

    @Test
    void fileNamesAreReducedToASafeLastSegment() {
        assertThat(EvidenceTasks.safeFileName("../../etc/passwd")).isEqualTo("passwd");
        assertThat(EvidenceTasks.safeFileName("C:\\reports\\pentest \"final\".pdf"))
                .isEqualTo("pentest final.pdf");
        assertThat(EvidenceTasks.safeFileName("report\r\nX-Injected: 1.pdf")).isEqualTo("reportX-Injected: 1.pdf");
        assertThat(EvidenceTasks.safeFileName("..")).isEqualTo("evidence");
        assertThat(EvidenceTasks.safeFileName(null)).isEqualTo("evidence");
    }
}
