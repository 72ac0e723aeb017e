package dev.vigil.web.api;

import dev.vigil.evidence.EvidenceTasks;
import dev.vigil.evidence.EvidenceUpload;
import dev.vigil.evidence.TaskStatus;
import dev.vigil.identity.Access;
import dev.vigil.identity.VigilPrincipal;
import dev.vigil.web.EvidenceDownloads;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Recurring manual evidence: tasks with their state, uploads and downloads. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Evidence tasks", description = "Recurring manual evidence and its documents")
class EvidenceTasksApi {

    private final EvidenceTasks tasks;

    EvidenceTasksApi(EvidenceTasks tasks) {
        this.tasks = tasks;
    }

    record UploadView(
            UUID id,
            String fileName,
            String contentType,
            long sizeBytes,
            String sha256,
            LocalDate effectiveDate,
            String note,
            java.time.Instant uploadedAt,
            String uploadedBy,
            String download) {}

    record TaskView(
            String id,
            String title,
            String description,
            String recurrence,
            String ownerRole,
            List<String> controls,
            String status,
            LocalDate dueDate,
            UploadView latest) {}

    record TaskDetail(TaskView task, List<UploadView> uploads) {}

    @GetMapping("/evidence-tasks")
    @PreAuthorize(Access.READ_POSTURE)
    @Operation(summary = "Evidence tasks with their state (CURRENT, OVERDUE, MISSING) and due date")
    List<TaskView> list(VigilPrincipal principal, @RequestParam(required = false) String status) {
        return tasks.statuses(principal.workspaceId()).stream()
                .filter(s -> status == null || s.state().name().equalsIgnoreCase(status))
                .map(EvidenceTasksApi::view)
                .toList();
    }

    @GetMapping("/evidence-tasks/{id}")
    @PreAuthorize(Access.READ_POSTURE)
    @Operation(summary = "One evidence task with every document provided for it")
    TaskDetail task(VigilPrincipal principal, @PathVariable String id) {
        TaskStatus status =
                tasks.status(principal.workspaceId(), id).orElseThrow(() -> new NotFoundException("evidence task", id));
        return new TaskDetail(
                view(status),
                tasks.uploads(principal.workspaceId(), id).stream()
                        .map(EvidenceTasksApi::view)
                        .toList());
    }

    @PostMapping(path = "/evidence-tasks/{id}/uploads", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @PreAuthorize(Access.MANAGE_EVIDENCE)
    @Operation(summary = "Provide a document (multipart: file, effectiveDate as YYYY-MM-DD, optional note)")
    ResponseEntity<UploadView> upload(
            VigilPrincipal principal,
            @PathVariable String id,
            @RequestPart(name = "file", required = false) MultipartFile file,
            @RequestParam(required = false) String effectiveDate,
            @RequestParam(required = false) String note) {
        tasks.status(principal.workspaceId(), id).orElseThrow(() -> new NotFoundException("evidence task", id));
        LocalDate effective = parseDate(effectiveDate);
        EvidenceUpload upload = tasks.add(
                principal.workspaceId(),
                id,
                file == null ? null : file.getOriginalFilename(),
                file == null ? null : file.getContentType(),
                bytes(file),
                effective,
                note,
                principal.actor());
        return ResponseEntity.created(URI.create("/api/v1/evidence-uploads/" + upload.id() + "/content"))
                .body(view(upload));
    }

    @GetMapping("/evidence-uploads/{id}/content")
    @PreAuthorize(Access.READ_POSTURE)
    @Operation(summary = "Download a document exactly as uploaded; its SHA-256 is in the X-Content-SHA256 header")
    ResponseEntity<byte[]> download(VigilPrincipal principal, @PathVariable UUID id) {
        EvidenceUpload upload =
                tasks.upload(principal.workspaceId(), id).orElseThrow(() -> new NotFoundException("upload", id));
        byte[] content = tasks.content(principal.workspaceId(), id).orElseThrow();
        return EvidenceDownloads.response(upload, content);
    }

    static LocalDate parseDate(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new BadRequestException("effectiveDate", "must be a date as YYYY-MM-DD, not '" + value + "'");
        }
    }

    private static byte[] bytes(MultipartFile file) {
        if (file == null) {
            return null;
        }
        try {
            return file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded file", e);
        }
    }

    static TaskView view(TaskStatus status) {
        return new TaskView(
                status.task().id(),
                status.task().title(),
                status.task().description(),
                status.task().recurrence().name().toLowerCase(java.util.Locale.ROOT),
                status.task().ownerRole(),
                status.task().controlIds(),
                status.state().name(),
                status.dueDate(),
                status.latest() == null ? null : view(status.latest()));
    }

    static UploadView view(EvidenceUpload upload) {
        return new UploadView(
                upload.id(),
                upload.fileName(),
                upload.contentType(),
                upload.sizeBytes(),
                upload.sha256(),
                upload.effectiveDate(),
                upload.note(),
                upload.uploadedAt(),
                upload.uploadedBy(),
                "/api/v1/evidence-uploads/" + upload.id() + "/content");
    }
}
