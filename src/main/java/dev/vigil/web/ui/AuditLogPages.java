package dev.vigil.web.ui;

import dev.vigil.audit.AuditEvent;
import dev.vigil.audit.AuditLog;
import dev.vigil.identity.Access;
import dev.vigil.identity.VigilPrincipal;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The audit log for people: newest first, filtered by action, with the state of the hash chain. */
@Controller
class AuditLogPages {

    static final int PAGE_SIZE = 50;

    private final AuditLog audit;

    AuditLogPages(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/audit-log")
    @PreAuthorize(Access.READ_AUDIT_LOG)
    String page(
            VigilPrincipal principal,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) Long before,
            Model model) {
        List<AuditEvent> events = audit.page(principal.workspaceId(), action, null, before, PAGE_SIZE);
        model.addAttribute("events", events);
        model.addAttribute("action", action);
        model.addAttribute("verification", audit.verify());
        model.addAttribute(
                "next",
                events.size() == PAGE_SIZE ? events.get(events.size() - 1).sequence() : null);
        return "audit-log";
    }
}
