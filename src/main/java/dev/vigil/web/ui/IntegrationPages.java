package dev.vigil.web.ui;

import dev.vigil.connector.ConnectorDescriptor;
import dev.vigil.identity.Access;
import dev.vigil.identity.VigilPrincipal;
import dev.vigil.integration.AgentReports;
import dev.vigil.integration.CollectionRun;
import dev.vigil.integration.ConnectionTest;
import dev.vigil.integration.Integration;
import dev.vigil.integration.IntegrationRequest;
import dev.vigil.integration.Integrations;
import dev.vigil.integration.InvalidIntegrationException;
import dev.vigil.integration.RunInProgressException;
import dev.vigil.inventory.Inventory;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 * Integrations: list, create and edit (forms rendered from the connector's config schema), detail with live
 * run progress and run history, run now, enable or disable, delete. Reading needs {@link Access#READ_POSTURE};
 * every change needs {@link Access#MANAGE_INTEGRATIONS}.
 *
 * <p>"Run now" works as a plain form POST and, with htmx, swaps in the run-status fragment, which polls every
 * second only while a run is queued or running and asks the run history to refresh when it ends.
 */
@Controller
class IntegrationPages {

    static final int RUNS_SHOWN = 20;
    static final int RESOURCES_SHOWN = 50;
    /** Sent (as an htmx trigger) when a polled run has ended, so the run history reloads. */
    static final String RUN_FINISHED_EVENT = "vigil-run-finished";

    private final Integrations integrations;
    private final Inventory inventory;
    private final MessageSource messages;
    private final Clock clock;
    private final AgentReports agents;

    IntegrationPages(
            Integrations integrations, Inventory inventory, MessageSource messages, Clock clock, AgentReports agents) {
        this.agents = agents;
        this.integrations = integrations;
        this.inventory = inventory;
        this.messages = messages;
        this.clock = clock;
    }

    /** An integration with what the list shows about it. */
    record Row(Integration integration, ConnectorDescriptor connector, CollectionRun latestRun, Instant nextRun) {}

    /**
     * Where the latest run stands.
     *
     * @param queued a run was asked for and is due, but has not started yet
     * @param notice message code of something to tell the reader (for example "a run is already in progress")
     */
    record RunState(
            Integration integration,
            CollectionRun latestRun,
            boolean running,
            boolean queued,
            Instant nextRun,
            String notice) {

        public boolean active() {
            return running || queued;
        }
    }

    @GetMapping("/integrations")
    @PreAuthorize(Access.READ_POSTURE)
    String list(VigilPrincipal principal, Model model) {
        List<Row> rows = new ArrayList<>();
        for (Integration integration : integrations.list(principal.workspaceId())) {
            rows.add(new Row(
                    integration,
                    integrations.connector(integration.connector()).orElse(null),
                    integrations
                            .latestRun(principal.workspaceId(), integration.id())
                            .orElse(null),
                    integration.enabled()
                            ? integrations.nextRun(integration.id()).orElse(null)
                            : null));
        }
        model.addAttribute("rows", rows);
        model.addAttribute("connectors", integrations.connectors());
        return "integrations/list";
    }

    @GetMapping("/integrations/new")
    @PreAuthorize(Access.MANAGE_INTEGRATIONS)
    String newForm(@RequestParam(required = false) String connector, Model model) {
        if (connector == null || connector.isBlank()) {
            model.addAttribute("connectors", integrations.connectors());
            return "integrations/choose";
        }
        ConnectorDescriptor descriptor =
                integrations.connector(connector).orElseThrow(() -> new PageNotFoundException("connector", connector));
        model.addAttribute("form", IntegrationForm.blank(descriptor));
        return "integrations/form";
    }

    @PostMapping("/integrations")
    @PreAuthorize(Access.MANAGE_INTEGRATIONS)
    String create(
            VigilPrincipal principal,
            @RequestParam MultiValueMap<String, String> params,
            Model model,
            HttpServletResponse response,
            Locale locale,
            RedirectAttributes redirect) {
        String connector = params.getFirst("connector");
        ConnectorDescriptor descriptor = integrations
                .connector(connector == null ? "" : connector)
                .orElseThrow(() -> new PageNotFoundException("connector", connector));
        IntegrationForm form = IntegrationForm.submitted(descriptor, null, params, Set.of());
        Interval interval = Interval.parse(params.getFirst("intervalMinutes"));
        try {
            Integration created = integrations.create(
                    principal.workspaceId(),
                    new IntegrationRequest(
                            descriptor.id(),
                            form.name(),
                            IntegrationForm.config(descriptor, params),
                            interval.forFacade(),
                            form.enabled()),
                    principal.actor());
            redirect.addFlashAttribute("notice", "integration.notice.created");
            return "redirect:/integrations/" + created.id();
        } catch (InvalidIntegrationException e) {
            return invalid(form, interval, e, model, response, locale);
        }
    }

    @GetMapping("/integrations/{id}")
    @PreAuthorize(Access.READ_POSTURE)
    String detail(
            VigilPrincipal principal, @PathVariable UUID id, @RequestParam(required = false) UUID before, Model model) {
        Integration integration = integrations.get(principal.workspaceId(), id);
        model.addAttribute("integration", integration);
        model.addAttribute(
                "connector", integrations.connector(integration.connector()).orElse(null));
        model.addAttribute("run", runState(principal, integration, null));
        addRuns(principal, id, before, model);
        var resources = inventory.forIntegration(principal.workspaceId(), id, false);
        model.addAttribute(
                "resources", resources.size() > RESOURCES_SHOWN ? resources.subList(0, RESOURCES_SHOWN) : resources);
        model.addAttribute("resourceCount", resources.size());
        boolean pushed = AgentReports.isPushed(integration.connector());
        model.addAttribute("pushed", pushed);
        model.addAttribute(
                "agent", pushed ? agents.status(principal.workspaceId(), id).orElse(null) : null);
        return "integrations/detail";
    }

    @GetMapping("/integrations/{id}/run-status")
    @PreAuthorize(Access.READ_POSTURE)
    String runStatus(
            VigilPrincipal principal,
            @PathVariable UUID id,
            @RequestParam(defaultValue = "false") boolean poll,
            HttpServletResponse response,
            Model model) {
        RunState state = runState(principal, integrations.get(principal.workspaceId(), id), null);
        if (poll && !state.active()) {
            // The fragment polls only while a run is active, so an inactive answer to a poll means it just ended.
            response.setHeader("HX-Trigger", RUN_FINISHED_EVENT);
        }
        model.addAttribute("run", state);
        return "integrations/fragments :: runStatus";
    }

    @GetMapping("/integrations/{id}/runs")
    @PreAuthorize(Access.READ_POSTURE)
    String runs(VigilPrincipal principal, @PathVariable UUID id, Model model) {
        model.addAttribute("integration", integrations.get(principal.workspaceId(), id));
        addRuns(principal, id, null, model);
        return "integrations/fragments :: runHistory";
    }

    @PostMapping("/integrations/{id}/run")
    @PreAuthorize(Access.MANAGE_INTEGRATIONS)
    String runNow(
            VigilPrincipal principal,
            @PathVariable UUID id,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            Model model,
            RedirectAttributes redirect) {
        String notice;
        try {
            integrations.runNow(principal.workspaceId(), id, principal.actor());
            notice = "integration.notice.run-requested";
        } catch (RunInProgressException e) {
            notice = "integration.notice.run-in-progress";
        } catch (InvalidIntegrationException e) {
            notice = "integration.notice.run-disabled";
        }
        if (htmx != null) {
            model.addAttribute("run", runState(principal, integrations.get(principal.workspaceId(), id), notice));
            return "integrations/fragments :: runStatus";
        }
        redirect.addFlashAttribute("notice", notice);
        return "redirect:/integrations/" + id;
    }

    @PostMapping("/integrations/{id}/test")
    @PreAuthorize(Access.MANAGE_INTEGRATIONS)
    String testConnection(
            VigilPrincipal principal,
            @PathVariable UUID id,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            Model model,
            RedirectAttributes redirect) {
        ConnectionTest result = integrations.testConnection(principal.workspaceId(), id, principal.actor());
        if (htmx != null) {
            model.addAttribute("connectionTest", result);
            return "integrations/fragments :: connectionTest";
        }
        redirect.addFlashAttribute("connectionTest", result);
        return "redirect:/integrations/" + id;
    }

    @GetMapping("/integrations/{id}/edit")
    @PreAuthorize(Access.MANAGE_INTEGRATIONS)
    String editForm(VigilPrincipal principal, @PathVariable UUID id, Model model) {
        Integration integration = integrations.get(principal.workspaceId(), id);
        model.addAttribute("form", IntegrationForm.of(installed(integration), integration));
        return "integrations/form";
    }

    @PostMapping("/integrations/{id}")
    @PreAuthorize(Access.MANAGE_INTEGRATIONS)
    String update(
            VigilPrincipal principal,
            @PathVariable UUID id,
            @RequestParam MultiValueMap<String, String> params,
            Model model,
            HttpServletResponse response,
            Locale locale,
            RedirectAttributes redirect) {
        Integration integration = integrations.get(principal.workspaceId(), id);
        ConnectorDescriptor descriptor = installed(integration);
        IntegrationForm form = IntegrationForm.submitted(descriptor, id, params, integration.secretsSet());
        Interval interval = Interval.parse(params.getFirst("intervalMinutes"));
        try {
            integrations.update(
                    principal.workspaceId(),
                    id,
                    new IntegrationRequest(
                            null,
                            form.name(),
                            IntegrationForm.config(descriptor, params),
                            interval.forFacade(),
                            form.enabled()),
                    principal.actor());
            redirect.addFlashAttribute("notice", "integration.notice.updated");
            return "redirect:/integrations/" + id;
        } catch (InvalidIntegrationException e) {
            return invalid(form, interval, e, model, response, locale);
        }
    }

    @PostMapping("/integrations/{id}/enabled")
    @PreAuthorize(Access.MANAGE_INTEGRATIONS)
    String enable(
            VigilPrincipal principal,
            @PathVariable UUID id,
            @RequestParam boolean enabled,
            Locale locale,
            RedirectAttributes redirect) {
        Integration integration = integrations.get(principal.workspaceId(), id);
        try {
            // The stored settings go back unchanged; secrets are absent, which keeps them.
            integrations.update(
                    principal.workspaceId(),
                    id,
                    new IntegrationRequest(
                            null,
                            integration.name(),
                            new LinkedHashMap<>(integration.config()),
                            integration.intervalMinutes(),
                            enabled),
                    principal.actor());
            redirect.addFlashAttribute(
                    "notice", enabled ? "integration.notice.enabled" : "integration.notice.disabled");
        } catch (InvalidIntegrationException e) {
            // Stored settings the connector no longer accepts: the edit form shows which.
            redirect.addFlashAttribute(
                    "problem",
                    String.join(
                            "; ",
                            FieldErrorMessages.localize(e.fieldErrors(), messages, locale).entrySet().stream()
                                    .map(entry -> entry.getKey() + ": " + entry.getValue())
                                    .toList()));
        }
        return "redirect:/integrations/" + id;
    }

    @GetMapping("/integrations/{id}/delete")
    @PreAuthorize(Access.MANAGE_INTEGRATIONS)
    String confirmDelete(VigilPrincipal principal, @PathVariable UUID id, Model model) {
        Integration integration = integrations.get(principal.workspaceId(), id);
        model.addAttribute("integration", integration);
        model.addAttribute(
                "resourceCount",
                inventory.forIntegration(principal.workspaceId(), id, false).size());
        return "integrations/delete";
    }

    @PostMapping("/integrations/{id}/delete")
    @PreAuthorize(Access.MANAGE_INTEGRATIONS)
    String delete(VigilPrincipal principal, @PathVariable UUID id, RedirectAttributes redirect) {
        Integration integration = integrations.get(principal.workspaceId(), id);
        integrations.delete(principal.workspaceId(), id, principal.actor());
        redirect.addFlashAttribute("notice", "integration.notice.deleted");
        redirect.addFlashAttribute("noticeArgument", integration.name());
        return "redirect:/integrations";
    }

    private String invalid(
            IntegrationForm form,
            Interval interval,
            InvalidIntegrationException e,
            Model model,
            HttpServletResponse response,
            Locale locale) {
        Map<String, String> errors = new LinkedHashMap<>(e.fieldErrors());
        if (interval.malformed()) {
            errors.put("intervalMinutes", "must be a whole number");
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        model.addAttribute("form", form.withErrors(FieldErrorMessages.localize(errors, messages, locale)));
        return "integrations/form";
    }

    private ConnectorDescriptor installed(Integration integration) {
        return integrations
                .connector(integration.connector())
                .orElseThrow(() -> new PageNotFoundException("connector", integration.connector()));
    }

    private void addRuns(VigilPrincipal principal, UUID id, UUID before, Model model) {
        List<CollectionRun> runs = integrations.runs(principal.workspaceId(), id, before, RUNS_SHOWN + 1);
        boolean more = runs.size() > RUNS_SHOWN;
        List<CollectionRun> shown = more ? runs.subList(0, RUNS_SHOWN) : runs;
        model.addAttribute("runs", shown);
        model.addAttribute("olderBefore", more ? shown.get(shown.size() - 1).id() : null);
        model.addAttribute("runsBefore", before);
        model.addAttribute("now", clock.instant());
    }

    private RunState runState(VigilPrincipal principal, Integration integration, String notice) {
        Optional<CollectionRun> latest = integrations.latestRun(principal.workspaceId(), integration.id());
        boolean running =
                latest.map(r -> r.status() == CollectionRun.RunStatus.RUNNING).orElse(false);
        Instant next =
                integration.enabled() ? integrations.nextRun(integration.id()).orElse(null) : null;
        boolean queued = !running && next != null && !next.isAfter(clock.instant());
        return new RunState(integration, latest.orElse(null), running, queued, next, notice);
    }

    /** The interval field: blank means the default; text that is not a whole number is an error of its own. */
    private record Interval(Integer minutes, boolean malformed) {

        /**
         * What to send: a malformed value goes as 0, which the facade rejects, so it still reports every other
         * field in the same answer and changes nothing.
         */
        Integer forFacade() {
            return malformed ? Integer.valueOf(0) : minutes;
        }

        static Interval parse(String raw) {
            if (raw == null || raw.isBlank()) {
                return new Interval(null, false);
            }
            try {
                return new Interval(Integer.valueOf(raw.strip()), false);
            } catch (NumberFormatException e) {
                return new Interval(null, true);
            }
        }
    }
}
