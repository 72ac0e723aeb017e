package dev.vigil.web.ui;

import dev.vigil.alerting.InvalidAlertingException;
import dev.vigil.alerting.RiskException;
import dev.vigil.alerting.RiskExceptions;
import dev.vigil.catalog.CheckDefinition;
import dev.vigil.catalog.FrameworkCatalog;
import dev.vigil.identity.Access;
import dev.vigil.identity.VigilPrincipal;
import dev.vigil.inventory.Inventory;
import dev.vigil.inventory.ResourceRecord;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Accepted-risk exceptions: the list with their state, asking for one from a failing result, approving (by
 * someone other than who asked) and revoking. Reading needs {@link Access#READ_ALERTS}; changes {@link
 * Access#MANAGE_ALERTING}.
 */
@Controller
class ExceptionPages {

    /** The longest expiry the form offers; the facade accepts at most a year. */
    static final int LONGEST_DAYS = 365;

    enum StateFilter {
        PENDING,
        ACTIVE,
        EXPIRED,
        REVOKED
    }

    private final RiskExceptions exceptions;
    private final FrameworkCatalog catalog;
    private final Inventory inventory;
    private final MessageSource messages;
    private final Clock clock;

    ExceptionPages(
            RiskExceptions exceptions,
            FrameworkCatalog catalog,
            Inventory inventory,
            MessageSource messages,
            Clock clock) {
        this.exceptions = exceptions;
        this.catalog = catalog;
        this.inventory = inventory;
        this.messages = messages;
        this.clock = clock;
    }

    /**
     * An exception with what the list shows beside it.
     *
     * @param askedByViewer the reader asked for it, so they cannot approve it
     */
    record Row(RiskException exception, CheckDefinition check, ResourceRecord resource, boolean askedByViewer) {

        public String checkTitle() {
            return check == null ? exception.checkId() : check.title();
        }

        public boolean pending() {
            return exception.state().equals("PENDING");
        }

        public boolean revocable() {
            return pending() || exception.state().equals("ACTIVE");
        }
    }

    /**
     * The request form.
     *
     * @param expiresOn the last day the exception covers, as the date field sends it ({@code 2027-01-31})
     */
    record Form(
            CheckDefinition check,
            ResourceRecord resource,
            String reason,
            String expiresOn,
            String earliest,
            String latest,
            Map<String, String> errors) {

        public boolean hasError(String field) {
            return errors.containsKey(field);
        }

        public String error(String field) {
            return errors.getOrDefault(field, "");
        }
    }

    @GetMapping("/exceptions")
    @PreAuthorize(Access.READ_ALERTS)
    String list(VigilPrincipal principal, @RequestParam(required = false) String state, Model model) {
        StateFilter filter = Filters.parse(StateFilter.class, state);
        List<RiskException> all = exceptions.list(principal.workspaceId());
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (StateFilter s : StateFilter.values()) {
            counts.put(s.name(), 0);
        }
        all.forEach(e -> counts.merge(e.state(), 1, Integer::sum));
        List<RiskException> shown = all.stream()
                .filter(e -> filter == null || e.state().equals(filter.name()))
                .toList();
        Map<UUID, ResourceRecord> resources = inventory
                .findAll(
                        principal.workspaceId(),
                        shown.stream().map(RiskException::resourceId).distinct().toList())
                .stream()
                .collect(Collectors.toMap(ResourceRecord::id, Function.identity(), (a, b) -> a));
        model.addAttribute(
                "rows",
                shown.stream()
                        .map(e -> new Row(
                                e,
                                catalog.check(e.checkId()).orElse(null),
                                resources.get(e.resourceId()),
                                e.askedBy(principal.actor())))
                        .toList());
        model.addAttribute("counts", counts);
        model.addAttribute("total", all.size());
        model.addAttribute("state", filter);
        return "alerting/exceptions";
    }

    @GetMapping("/exceptions/new")
    @PreAuthorize(Access.MANAGE_ALERTING)
    String newForm(
            VigilPrincipal principal,
            @RequestParam String check,
            @RequestParam UUID resource,
            HttpServletRequest request,
            Model model) {
        model.addAttribute("form", form(principal, check, resource, "", "", Map.of(), request));
        return "alerting/exception-form";
    }

    @PostMapping("/exceptions")
    @PreAuthorize(Access.MANAGE_ALERTING)
    String create(
            VigilPrincipal principal,
            @RequestParam String check,
            @RequestParam UUID resource,
            @RequestParam(defaultValue = "") String reason,
            @RequestParam(defaultValue = "") String expiresOn,
            HttpServletRequest request,
            HttpServletResponse response,
            Locale locale,
            Model model,
            RedirectAttributes redirect) {
        try {
            exceptions.request(
                    principal.workspaceId(),
                    new RiskExceptions.Request(check, resource, reason, endOf(expiresOn, UiAdvice.timeZone(request))),
                    principal.actor());
            redirect.addFlashAttribute("notice", "alerting.notice.exception-requested");
            return "redirect:/exceptions?state=pending";
        } catch (InvalidAlertingException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            Map<String, String> errors = new LinkedHashMap<>(e.fieldErrors());
            if (!expiresOn.isBlank() && endOf(expiresOn, ZoneId.of("UTC")) == null) {
                errors.put("expiresAt", "is not a date");
            }
            model.addAttribute(
                    "form",
                    form(
                            principal,
                            check,
                            resource,
                            reason,
                            expiresOn,
                            FieldErrorMessages.localize(errors, messages, locale),
                            request));
            return "alerting/exception-form";
        }
    }

    @PostMapping("/exceptions/{id}/approve")
    @PreAuthorize(Access.MANAGE_ALERTING)
    String approve(VigilPrincipal principal, @PathVariable UUID id, Locale locale, RedirectAttributes redirect) {
        try {
            exceptions.approve(principal.workspaceId(), id, principal.actor());
            redirect.addFlashAttribute("notice", "alerting.notice.exception-approved");
        } catch (InvalidAlertingException e) {
            redirect.addFlashAttribute("problem", FieldErrorMessages.joined(e.fieldErrors(), messages, locale));
        }
        return "redirect:/exceptions";
    }

    @PostMapping("/exceptions/{id}/revoke")
    @PreAuthorize(Access.MANAGE_ALERTING)
    String revoke(VigilPrincipal principal, @PathVariable UUID id, Locale locale, RedirectAttributes redirect) {
        try {
            exceptions.revoke(principal.workspaceId(), id, principal.actor());
            redirect.addFlashAttribute("notice", "alerting.notice.exception-revoked");
        } catch (InvalidAlertingException e) {
            redirect.addFlashAttribute("problem", FieldErrorMessages.joined(e.fieldErrors(), messages, locale));
        }
        return "redirect:/exceptions";
    }

    private Form form(
            VigilPrincipal principal,
            String checkId,
            UUID resourceId,
            String reason,
            String expiresOn,
            Map<String, String> errors,
            HttpServletRequest request) {
        CheckDefinition check = catalog.check(checkId).orElseThrow(() -> new PageNotFoundException("check", checkId));
        ResourceRecord resource = inventory
                .find(principal.workspaceId(), resourceId)
                .orElseThrow(() -> new PageNotFoundException("resource", resourceId));
        LocalDate today = LocalDate.ofInstant(clock.instant(), UiAdvice.timeZone(request));
        return new Form(
                check,
                resource,
                reason,
                expiresOn,
                today.plusDays(1).toString(),
                today.plusDays(LONGEST_DAYS).toString(),
                errors);
    }

    /**
     * The exception covers the whole of its last day in the reader's time zone, so it ends when the next day
     * starts there. {@code null} for a blank or malformed date, which the facade reports as missing.
     */
    private static Instant endOf(String date, ZoneId zone) {
        if (date == null || date.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(date.strip()).plusDays(1).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
