package dev.vigil.web.ui;

import dev.vigil.catalog.FrameworkCatalog;
import dev.vigil.evidence.EvidenceTasks;
import dev.vigil.evidence.EvidenceUpload;
import dev.vigil.evidence.InvalidUploadException;
import dev.vigil.evidence.TaskStatus;
import dev.vigil.identity.Access;
import dev.vigil.identity.VigilPrincipal;
import dev.vigil.web.EvidenceDownloads;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Evidence tasks: what manual evidence is current, overdue or missing, and where to provide it. */
@Controller
class EvidenceTaskPages {

    private final EvidenceTasks tasks;
    private final FrameworkCatalog catalog;

    EvidenceTaskPages(EvidenceTasks tasks, FrameworkCatalog catalog) {
        this.tasks = tasks;
        this.catalog = catalog;
    }

    @GetMapping("/evidence-tasks")
    @PreAuthorize(Access.READ_POSTURE)
    String list(VigilPrincipal principal, @RequestParam(required = false) String state, Model model) {
        List<TaskStatus> all = tasks.statuses(principal.workspaceId());
        Map<TaskStatus.State, Integer> counts = new EnumMap<>(TaskStatus.State.class);
        all.forEach(s -> counts.merge(s.state(), 1, Integer::sum));
        TaskStatus.State filter = parseState(state);
        model.addAttribute(
                "tasks",
                all.stream().filter(s -> filter == null || s.state() == filter).toList());
        model.addAttribute("counts", counts);
        model.addAttribute("total", all.size());
        model.addAttribute("state", filter == null ? null : filter.name());
        return "evidence-tasks/list";
    }

    @GetMapping("/evidence-tasks/{id}")
    @PreAuthorize(Access.READ_POSTURE)
    String task(VigilPrincipal principal, @PathVariable String id, Model model) {
        return render(principal, id, model, Map.of(), null, null);
    }

    @PostMapping("/evidence-tasks/{id}/uploads")
    @PreAuthorize(Access.MANAGE_EVIDENCE)
    String upload(
            VigilPrincipal principal,
            @PathVariable String id,
            @RequestParam(name = "file", required = false) MultipartFile file,
            @RequestParam(required = false) String effectiveDate,
            @RequestParam(required = false) String note,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect)
            throws IOException {
        tasks.status(principal.workspaceId(), id).orElseThrow(() -> new PageNotFoundException("evidence task", id));
        Map<String, String> errors = new LinkedHashMap<>();
        LocalDate effective = null;
        if (effectiveDate != null && !effectiveDate.isBlank()) {
            try {
                effective = LocalDate.parse(effectiveDate.strip());
            } catch (DateTimeParseException e) {
                errors.put("effectiveDate", "must be a date as YYYY-MM-DD");
            }
        }
        if (errors.isEmpty()) {
            try {
                EvidenceUpload upload = tasks.add(
                        principal.workspaceId(),
                        id,
                        file == null ? null : file.getOriginalFilename(),
                        file == null ? null : file.getContentType(),
                        file == null || file.isEmpty() ? null : file.getBytes(),
                        effective,
                        note,
                        principal.actor());
                redirect.addFlashAttribute("uploaded", upload.fileName());
                return "redirect:/evidence-tasks/" + id;
            } catch (InvalidUploadException e) {
                errors.putAll(e.fieldErrors());
            }
        }
        response.setStatus(422);
        return render(principal, id, model, errors, effectiveDate, note);
    }

    @GetMapping("/evidence-uploads/{id}/content")
    @PreAuthorize(Access.READ_POSTURE)
    ResponseEntity<byte[]> download(VigilPrincipal principal, @PathVariable UUID id) {
        EvidenceUpload upload = tasks.upload(principal.workspaceId(), id)
                .orElseThrow(() -> new PageNotFoundException("upload", id.toString()));
        byte[] content = tasks.content(principal.workspaceId(), id).orElseThrow();
        return EvidenceDownloads.response(upload, content);
    }

    private String render(
            VigilPrincipal principal,
            String id,
            Model model,
            Map<String, String> errors,
            String effectiveDate,
            String note) {
        TaskStatus status = tasks.status(principal.workspaceId(), id)
                .orElseThrow(() -> new PageNotFoundException("evidence task", id));
        model.addAttribute("status", status);
        model.addAttribute("uploads", tasks.uploads(principal.workspaceId(), id));
        model.addAttribute(
                "controls",
                status.task().controlIds().stream()
                        .map(controlId -> catalog.control(controlId).orElseThrow())
                        .toList());
        model.addAttribute("errors", errors);
        model.addAttribute("effectiveDate", effectiveDate);
        model.addAttribute("note", note);
        model.addAttribute("maxMegabytes", EvidenceTasks.MAX_BYTES / (1024 * 1024));
        return "evidence-tasks/detail";
    }

    private static TaskStatus.State parseState(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return TaskStatus.State.valueOf(state);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
