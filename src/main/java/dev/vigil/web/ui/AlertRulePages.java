package dev.vigil.web.ui;

import dev.vigil.alerting.AlertChannel;
import dev.vigil.alerting.AlertChannels;
import dev.vigil.alerting.AlertRule;
import dev.vigil.alerting.AlertRules;
import dev.vigil.alerting.InvalidAlertingException;
import dev.vigil.alerting.RuleRequest;
import dev.vigil.identity.Access;
import dev.vigil.identity.VigilPrincipal;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Alert rules: which alerts (a CEL condition) go to which channels, and how soon. List, create, edit, delete.
 * Reading needs {@link Access#READ_ALERTS}; changes {@link Access#MANAGE_ALERTING}.
 */
@Controller
class AlertRulePages {

    static final String BASE = "/settings/alert-rules";

    private final AlertRules rules;
    private final AlertChannels channels;
    private final MessageSource messages;

    AlertRulePages(AlertRules rules, AlertChannels channels, MessageSource messages) {
        this.rules = rules;
        this.channels = channels;
        this.messages = messages;
    }

    @GetMapping(BASE)
    @PreAuthorize(Access.READ_ALERTS)
    String list(VigilPrincipal principal, Model model) {
        model.addAttribute("rules", rules.list(principal.workspaceId()));
        model.addAttribute("channelNames", channelNames(principal));
        return "alerting/rules";
    }

    @GetMapping(BASE + "/new")
    @PreAuthorize(Access.MANAGE_ALERTING)
    String newForm(VigilPrincipal principal, Model model) {
        return form(principal, RuleForm.blank(), model);
    }

    @PostMapping(BASE)
    @PreAuthorize(Access.MANAGE_ALERTING)
    String create(
            VigilPrincipal principal,
            @RequestParam MultiValueMap<String, String> params,
            Model model,
            HttpServletResponse response,
            Locale locale,
            RedirectAttributes redirect) {
        RuleForm form = RuleForm.submitted(null, params);
        try {
            AlertRule created = rules.create(principal.workspaceId(), request(form), principal.actor());
            redirect.addFlashAttribute("notice", "alerting.notice.rule-created");
            redirect.addFlashAttribute("noticeArgument", created.name());
            return "redirect:" + BASE;
        } catch (InvalidAlertingException e) {
            return invalid(principal, form, e, model, response, locale);
        }
    }

    @GetMapping(BASE + "/{id}/edit")
    @PreAuthorize(Access.MANAGE_ALERTING)
    String editForm(VigilPrincipal principal, @PathVariable UUID id, Model model) {
        return form(principal, RuleForm.of(rules.get(principal.workspaceId(), id)), model);
    }

    @PostMapping(BASE + "/{id}")
    @PreAuthorize(Access.MANAGE_ALERTING)
    String replace(
            VigilPrincipal principal,
            @PathVariable UUID id,
            @RequestParam MultiValueMap<String, String> params,
            Model model,
            HttpServletResponse response,
            Locale locale,
            RedirectAttributes redirect) {
        rules.get(principal.workspaceId(), id);
        RuleForm form = RuleForm.submitted(id, params);
        try {
            AlertRule replaced = rules.replace(principal.workspaceId(), id, request(form), principal.actor());
            redirect.addFlashAttribute("notice", "alerting.notice.rule-updated");
            redirect.addFlashAttribute("noticeArgument", replaced.name());
            return "redirect:" + BASE;
        } catch (InvalidAlertingException e) {
            return invalid(principal, form, e, model, response, locale);
        }
    }

    @GetMapping(BASE + "/{id}/delete")
    @PreAuthorize(Access.MANAGE_ALERTING)
    String confirmDelete(VigilPrincipal principal, @PathVariable UUID id, Model model) {
        AlertRule rule = rules.get(principal.workspaceId(), id);
        model.addAttribute(
                "confirm",
                new DeleteConfirmation(
                        "alert-rules.delete.title",
                        rule.name(),
                        "alert-rules.delete.consequence",
                        "alert-rules.delete.confirm",
                        BASE + "/" + id + "/delete",
                        BASE,
                        "alert-rules.title"));
        return "alerting/delete";
    }

    @PostMapping(BASE + "/{id}/delete")
    @PreAuthorize(Access.MANAGE_ALERTING)
    String delete(VigilPrincipal principal, @PathVariable UUID id, RedirectAttributes redirect) {
        AlertRule rule = rules.get(principal.workspaceId(), id);
        rules.delete(principal.workspaceId(), id, principal.actor());
        redirect.addFlashAttribute("notice", "alerting.notice.rule-deleted");
        redirect.addFlashAttribute("noticeArgument", rule.name());
        return "redirect:" + BASE;
    }

    private static RuleRequest request(RuleForm form) {
        return new RuleRequest(form.name(), form.condition(), form.channelIds(), form.delivery(), form.enabled());
    }

    private String form(VigilPrincipal principal, RuleForm form, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("channels", channels.list(principal.workspaceId()));
        model.addAttribute("deliveries", RuleForm.DELIVERIES);
        return "alerting/rule-form";
    }

    private String invalid(
            VigilPrincipal principal,
            RuleForm form,
            InvalidAlertingException e,
            Model model,
            HttpServletResponse response,
            Locale locale) {
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return form(principal, form.withErrors(FieldErrorMessages.localize(e.fieldErrors(), messages, locale)), model);
    }

    private Map<UUID, String> channelNames(VigilPrincipal principal) {
        return channels.list(principal.workspaceId()).stream()
                .collect(Collectors.toMap(AlertChannel::id, AlertChannel::name, (a, b) -> a));
    }
}
