package dev.vigil.web.ui;

import dev.vigil.alerting.AlertChannel;
import dev.vigil.alerting.AlertChannels;
import dev.vigil.alerting.Alerting;
import dev.vigil.alerting.ChannelRequest;
import dev.vigil.alerting.ChannelType;
import dev.vigil.alerting.InvalidAlertingException;
import dev.vigil.identity.Access;
import dev.vigil.identity.VigilPrincipal;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Alert channels: list, create (choose a type, then a form rendered from its schema), edit, enable or disable,
 * delete after confirming, and send a test alert. Reading needs {@link Access#READ_ALERTS}; everything else
 * {@link Access#MANAGE_ALERTING}.
 */
@Controller
class AlertChannelPages {

    static final String BASE = "/settings/alert-channels";

    private final AlertChannels channels;
    private final Alerting alerting;
    private final MessageSource messages;

    AlertChannelPages(AlertChannels channels, Alerting alerting, MessageSource messages) {
        this.channels = channels;
        this.alerting = alerting;
        this.messages = messages;
    }

    @GetMapping(BASE)
    @PreAuthorize(Access.READ_ALERTS)
    String list(VigilPrincipal principal, Model model) {
        model.addAttribute("channels", channels.list(principal.workspaceId()));
        return "alerting/channels";
    }

    @GetMapping(BASE + "/new")
    @PreAuthorize(Access.MANAGE_ALERTING)
    String newForm(@RequestParam(required = false) String type, Model model) {
        if (type == null || type.isBlank()) {
            model.addAttribute("types", ChannelType.values());
            return "alerting/channel-choose";
        }
        model.addAttribute("form", ChannelForm.blank(type(type)));
        return "alerting/channel-form";
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
        ChannelType type = type(params.getFirst("type"));
        ChannelForm form = ChannelForm.submitted(type, null, params, Set.of());
        try {
            AlertChannel created = channels.create(
                    principal.workspaceId(),
                    new ChannelRequest(
                            type.id(), form.name(), ConfigFields.config(type.schema(), params), form.enabled()),
                    principal.actor());
            redirect.addFlashAttribute("notice", "alerting.notice.channel-created");
            redirect.addFlashAttribute("noticeArgument", created.name());
            return "redirect:" + BASE;
        } catch (InvalidAlertingException e) {
            return invalid(form, e, model, response, locale);
        }
    }

    @GetMapping(BASE + "/{id}/edit")
    @PreAuthorize(Access.MANAGE_ALERTING)
    String editForm(VigilPrincipal principal, @PathVariable UUID id, Model model) {
        model.addAttribute("form", ChannelForm.of(channels.get(principal.workspaceId(), id)));
        return "alerting/channel-form";
    }

    @PostMapping(BASE + "/{id}")
    @PreAuthorize(Access.MANAGE_ALERTING)
    String update(
            VigilPrincipal principal,
            @PathVariable UUID id,
            @RequestParam MultiValueMap<String, String> params,
            Model model,
            HttpServletResponse response,
            Locale locale,
            RedirectAttributes redirect) {
        AlertChannel channel = channels.get(principal.workspaceId(), id);
        ChannelForm form = ChannelForm.submitted(channel.type(), id, params, channel.secretsSet());
        try {
            AlertChannel updated = channels.update(
                    principal.workspaceId(),
                    id,
                    new ChannelRequest(
                            null,
                            form.name(),
                            ConfigFields.config(channel.type().schema(), params),
                            form.enabled()),
                    principal.actor());
            redirect.addFlashAttribute("notice", "alerting.notice.channel-updated");
            redirect.addFlashAttribute("noticeArgument", updated.name());
            return "redirect:" + BASE;
        } catch (InvalidAlertingException e) {
            return invalid(form, e, model, response, locale);
        }
    }

    @PostMapping(BASE + "/{id}/enabled")
    @PreAuthorize(Access.MANAGE_ALERTING)
    String enable(
            VigilPrincipal principal,
            @PathVariable UUID id,
            @RequestParam boolean enabled,
            Locale locale,
            RedirectAttributes redirect) {
        try {
            // Name and settings left out keep their stored values.
            AlertChannel channel = channels.update(
                    principal.workspaceId(), id, new ChannelRequest(null, null, null, enabled), principal.actor());
            redirect.addFlashAttribute(
                    "notice", enabled ? "alerting.notice.channel-enabled" : "alerting.notice.channel-disabled");
            redirect.addFlashAttribute("noticeArgument", channel.name());
        } catch (InvalidAlertingException e) {
            redirect.addFlashAttribute("problem", FieldErrorMessages.joined(e.fieldErrors(), messages, locale));
        }
        return "redirect:" + BASE;
    }

    /**
     * Sends a test alert now. With htmx the result replaces the result area of the list; without, it comes back
     * as a flash on the list.
     */
    @PostMapping(BASE + "/{id}/test")
    @PreAuthorize(Access.MANAGE_ALERTING)
    String test(
            VigilPrincipal principal,
            @PathVariable UUID id,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            Model model,
            RedirectAttributes redirect) {
        AlertChannel channel = channels.get(principal.workspaceId(), id);
        Alerting.TestResult result = alerting.test(principal.workspaceId(), id, principal.actor());
        if (htmx != null) {
            model.addAttribute("channelTest", result);
            model.addAttribute("testedChannel", channel.name());
            return "alerting/fragments :: channelTest";
        }
        redirect.addFlashAttribute("channelTest", result);
        redirect.addFlashAttribute("testedChannel", channel.name());
        return "redirect:" + BASE;
    }

    @GetMapping(BASE + "/{id}/delete")
    @PreAuthorize(Access.MANAGE_ALERTING)
    String confirmDelete(VigilPrincipal principal, @PathVariable UUID id, Model model) {
        AlertChannel channel = channels.get(principal.workspaceId(), id);
        model.addAttribute(
                "confirm",
                new DeleteConfirmation(
                        "alert-channels.delete.title",
                        channel.name(),
                        "alert-channels.delete.consequence",
                        "alert-channels.delete.confirm",
                        BASE + "/" + id + "/delete",
                        BASE,
                        "alert-channels.title"));
        return "alerting/delete";
    }

    @PostMapping(BASE + "/{id}/delete")
    @PreAuthorize(Access.MANAGE_ALERTING)
    String delete(VigilPrincipal principal, @PathVariable UUID id, RedirectAttributes redirect) {
        AlertChannel channel = channels.get(principal.workspaceId(), id);
        channels.delete(principal.workspaceId(), id, principal.actor());
        redirect.addFlashAttribute("notice", "alerting.notice.channel-deleted");
        redirect.addFlashAttribute("noticeArgument", channel.name());
        return "redirect:" + BASE;
    }

    private String invalid(
            ChannelForm form, InvalidAlertingException e, Model model, HttpServletResponse response, Locale locale) {
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        model.addAttribute("form", form.withErrors(FieldErrorMessages.localize(e.fieldErrors(), messages, locale)));
        return "alerting/channel-form";
    }

    private static ChannelType type(String id) {
        return ChannelType.of(id == null ? "" : id.strip()).orElseThrow(() -> new PageNotFoundException("type", id));
    }
}
