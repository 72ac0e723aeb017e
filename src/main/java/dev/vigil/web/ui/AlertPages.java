package dev.vigil.web.ui;

import dev.vigil.alerting.Alerting;
import dev.vigil.alerting.InvalidAlertingException;
import dev.vigil.catalog.CheckDefinition;
import dev.vigil.catalog.FrameworkCatalog;
import dev.vigil.identity.Access;
import dev.vigil.identity.VigilPrincipal;
import dev.vigil.inventory.Inventory;
import dev.vigil.inventory.ResourceRecord;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Alerts: the list (newest first, filtered by state and check, keyset pages), one alert as the drift timeline of
 * its finding (every notice, every delivery, every attempt), and the dead letters with a retry. Reading needs
 * {@link Access#READ_ALERTS}; retrying needs {@link Access#MANAGE_ALERTING}.
 */
@Controller
class AlertPages {

    static final int PAGE_SIZE = 50;
    /** The dead-letter view shows the newest ones; a retry takes one off the list. */
    static final int DEAD_LETTERS_SHOWN = 100;
    /** The order delivery states are summarised in. */
    static final List<String> DELIVERY_STATES = List.of("DELIVERED", "PENDING", "SENDING", "DEAD");

    enum StateFilter {
        OPEN,
        RESOLVED
    }

    private final Alerting alerting;
    private final FrameworkCatalog catalog;
    private final Inventory inventory;
    private final MessageSource messages;

    AlertPages(Alerting alerting, FrameworkCatalog catalog, Inventory inventory, MessageSource messages) {
        this.alerting = alerting;
        this.catalog = catalog;
        this.inventory = inventory;
        this.messages = messages;
    }

    /**
     * An alert with what the pages show beside it.
     *
     * @param check {@code null} when the check left the catalog
     * @param resource {@code null} when the resource was deleted
     * @param deliveries how many deliveries of all its notices are in each state, in {@link #DELIVERY_STATES} order
     */
    record Row(Alerting.Alert alert, CheckDefinition check, ResourceRecord resource, Map<String, Integer> deliveries) {

        public String checkTitle() {
            return check == null ? alert.checkId() : check.title();
        }

        /** The severity as the shared badge names it ({@code HIGH}). */
        public String severity() {
            return alert.severity().toUpperCase(Locale.ROOT);
        }
    }

    @GetMapping("/alerts")
    @PreAuthorize(Access.READ_ALERTS)
    String list(
            VigilPrincipal principal,
            @RequestParam(required = false) String state,
            @RequestParam(required = false) String check,
            @RequestParam(required = false) UUID before,
            Model model) {
        StateFilter stateFilter = Filters.parse(StateFilter.class, state);
        String checkFilter = check == null || check.isBlank() ? null : check.strip();
        List<Alerting.Alert> page = alerting.alerts(
                principal.workspaceId(),
                stateFilter == null ? null : stateFilter.name(),
                checkFilter,
                before,
                PAGE_SIZE + 1);
        boolean more = page.size() > PAGE_SIZE;
        List<Alerting.Alert> shown = more ? page.subList(0, PAGE_SIZE) : page;
        model.addAttribute("rows", rows(principal, shown));
        model.addAttribute("state", stateFilter);
        model.addAttribute("states", StateFilter.values());
        model.addAttribute("check", checkFilter);
        model.addAttribute(
                "checks",
                catalog.checks().stream()
                        .sorted(Comparator.comparing(CheckDefinition::title))
                        .toList());
        model.addAttribute("before", before);
        model.addAttribute("next", more ? shown.get(shown.size() - 1).id() : null);
        return "alerting/alerts";
    }

    @GetMapping("/alerts/{id}")
    @PreAuthorize(Access.READ_ALERTS)
    String detail(VigilPrincipal principal, @PathVariable UUID id, Model model) {
        Alerting.Alert alert = alerting.alert(principal.workspaceId(), id);
        model.addAttribute("row", rows(principal, List.of(alert)).get(0));
        model.addAttribute("alert", alert);
        return "alerting/alert";
    }

    @GetMapping("/alerts/dead-letters")
    @PreAuthorize(Access.READ_ALERTS)
    String deadLetters(VigilPrincipal principal, Model model) {
        List<Alerting.Delivery> dead = alerting.deliveries(principal.workspaceId(), "DEAD", DEAD_LETTERS_SHOWN + 1);
        model.addAttribute("deliveries", dead.size() > DEAD_LETTERS_SHOWN ? dead.subList(0, DEAD_LETTERS_SHOWN) : dead);
        model.addAttribute("more", dead.size() > DEAD_LETTERS_SHOWN);
        model.addAttribute("shownAtMost", DEAD_LETTERS_SHOWN);
        return "alerting/dead-letters";
    }

    /**
     * Puts a dead letter back in the queue. Returns to the alert it belongs to when asked from there, to the
     * dead letters otherwise.
     */
    @PostMapping("/alerts/deliveries/{id}/retry")
    @PreAuthorize(Access.MANAGE_ALERTING)
    String retry(
            VigilPrincipal principal,
            @PathVariable UUID id,
            @RequestParam(required = false) UUID alert,
            Locale locale,
            RedirectAttributes redirect) {
        try {
            Alerting.Delivery retried = alerting.retry(principal.workspaceId(), id, principal.actor());
            redirect.addFlashAttribute("notice", "alerting.notice.retried");
            redirect.addFlashAttribute("noticeArgument", retried.channelName());
        } catch (InvalidAlertingException e) {
            redirect.addFlashAttribute("problem", FieldErrorMessages.joined(e.fieldErrors(), messages, locale));
        }
        return alert == null ? "redirect:/alerts/dead-letters" : "redirect:/alerts/" + alert;
    }

    private List<Row> rows(VigilPrincipal principal, List<Alerting.Alert> alerts) {
        Map<UUID, ResourceRecord> resources = inventory
                .findAll(
                        principal.workspaceId(),
                        alerts.stream()
                                .map(Alerting.Alert::resourceId)
                                .distinct()
                                .toList())
                .stream()
                .collect(Collectors.toMap(ResourceRecord::id, Function.identity(), (a, b) -> a));
        return alerts.stream()
                .map(alert -> new Row(
                        alert,
                        catalog.check(alert.checkId()).orElse(null),
                        resources.get(alert.resourceId()),
                        deliverySummary(alert)))
                .toList();
    }

    private static Map<String, Integer> deliverySummary(Alerting.Alert alert) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        alert.notices().stream()
                .flatMap(notice -> notice.deliveries().stream())
                .forEach(delivery -> counts.merge(delivery.state(), 1, Integer::sum));
        Map<String, Integer> ordered = new LinkedHashMap<>();
        DELIVERY_STATES.forEach(state -> {
            if (counts.containsKey(state)) {
                ordered.put(state, counts.get(state));
            }
        });
        return ordered;
    }
}
