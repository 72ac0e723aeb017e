package dev.vigil.alerting;

import dev.vigil.catalog.CheckDefinition;
import dev.vigil.catalog.Control;
import dev.vigil.catalog.FrameworkCatalog;
import dev.vigil.catalog.Requirement;
import dev.vigil.catalog.Severity;
import dev.vigil.integration.Integration;
import dev.vigil.integration.Integrations;
import dev.vigil.inventory.ResourceRecord;
import dev.vigil.monitoring.CheckEngine;
import dev.vigil.monitoring.CheckResult;
import dev.vigil.monitoring.CheckResultChanged;
import dev.vigil.monitoring.CheckResults;
import dev.vigil.workspace.WorkspaceId;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes what the planner decided: the notice, with everything it says captured as an {@link AlertMessage}, and
 * one delivery per channel its routing picks (the outbox the {@link DeliveryWorker} sends from).
 */
@Component
class Notices {

    private static final Logger log = LoggerFactory.getLogger(Notices.class);

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final FrameworkCatalog catalog;
    private final Integrations integrations;
    private final CheckResults results;
    private final AlertChannels channels;
    private final AlertRules rules;
    private final DeliveryWorker worker;
    private final AlertingProperties properties;

    Notices(
            JdbcClient jdbc,
            JsonMapper json,
            FrameworkCatalog catalog,
            Integrations integrations,
            CheckResults results,
            AlertChannels channels,
            AlertRules rules,
            DeliveryWorker worker,
            AlertingProperties properties) {
        this.jdbc = jdbc;
        this.json = json;
        this.catalog = catalog;
        this.integrations = integrations;
        this.results = results;
        this.channels = channels;
        this.rules = rules;
        this.worker = worker;
        this.properties = properties;
    }

    /** Writes the notice and one delivery per routed channel, in the caller's transaction; wakes the worker once committed. */
    void write(
            WorkspaceId workspace,
            UUID alertId,
            String kind,
            CheckResultChanged event,
            CheckDefinition check,
            ResourceRecord resource,
            OpenAlert alert,
            Instant now) {
        UUID noticeId = UUID.randomUUID();
        AlertMessage message = message(noticeId, alertId, kind, event, check, resource, alert);
        jdbc.sql("insert into alert_notice (id, workspace_id, alert_id, kind, drift_event_id, cause, payload,"
                        + " created_at) values (?, ?, ?, ?, ?, ?, cast(? as jsonb), ?)")
                .params(
                        noticeId,
                        workspace.value(),
                        alertId,
                        kind,
                        event.driftEventId(),
                        event.cause(),
                        json.writeValueAsString(message),
                        Timestamp.from(now))
                .update();
        Map<UUID, String> routes = route(workspace, message, resource, check.severity());
        for (Map.Entry<UUID, String> route : routes.entrySet()) {
            jdbc.sql(
                            "insert into alert_delivery (id, workspace_id, notice_id, channel_id, idempotency_key, mode,"
                                    + " state, attempts, next_attempt_at, created_at) values (?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)")
                    .params(
                            UUID.randomUUID(),
                            workspace.value(),
                            noticeId,
                            route.getKey(),
                            "vigil-" + noticeId + "-" + route.getKey(),
                            route.getValue(),
                            Timestamp.from(dueAt(route.getValue(), now)),
                            Timestamp.from(now))
                    .update();
        }
        log.info(
                "Alert {} {}: {} on {} ({} → {}), {} deliveries",
                alertId,
                kind,
                check.id(),
                resource.name(),
                event.previousStatus(),
                event.status(),
                routes.size());
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    worker.wake();
                }
            });
        } else {
            worker.wake();
        }
    }

    /**
     * Channel → delivery mode. Without rules every enabled channel gets every notice at once; with rules, each
     * matching rule adds its channels, the soonest mode winning; critical alerts are never held for a digest.
     */
    private Map<UUID, String> route(
            WorkspaceId workspace, AlertMessage message, ResourceRecord resource, Severity severity) {
        List<AlertChannels.Stored> enabled = channels.enabled(workspace);
        Set<UUID> enabledIds = new LinkedHashSet<>();
        enabled.forEach(c -> enabledIds.add(c.id()));
        Map<UUID, String> routes = new LinkedHashMap<>();
        List<AlertRule> active = rules.enabled(workspace);
        if (active.isEmpty()) {
            enabledIds.forEach(id -> routes.put(id, "immediate"));
            return routes;
        }
        Map<String, Object> attributes = ruleAttributes(message, resource);
        for (AlertRule rule : active) {
            RuleCondition.Evaluation evaluation = RuleCondition.matches(rule.condition(), attributes);
            if (evaluation.problem() != null) {
                log.warn(
                        "Alert rule '{}' could not be evaluated ({}); routing as if it matched",
                        rule.name(),
                        evaluation.problem());
            }
            if (!evaluation.matches()) {
                continue;
            }
            String mode = severity == Severity.CRITICAL ? "immediate" : rule.delivery();
            for (UUID channelId : rule.channelIds()) {
                if (enabledIds.contains(channelId)) {
                    routes.merge(channelId, mode, Notices::sooner);
                }
            }
        }
        return routes;
    }

    private static String sooner(String a, String b) {
        List<String> order = List.of("immediate", "hourly", "daily");
        return order.indexOf(a) <= order.indexOf(b) ? a : b;
    }

    static Instant dueAt(String mode, Instant now) {
        return switch (mode) {
            case "hourly" -> now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
            case "daily" -> now.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
            default -> now;
        };
    }

    /** The {@code alert} variable of rule conditions; see {@link RuleCondition}. */
    static Map<String, Object> ruleAttributes(AlertMessage message, ResourceRecord resource) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("severity", message.severity().toLowerCase(Locale.ROOT));
        alert.put("kind", message.kind());
        alert.put("status", message.change().status());
        alert.put("previousStatus", message.change().previousStatus());
        alert.put("checkId", message.check().id());
        alert.put("cause", message.cause());
        alert.put(
                "frameworks",
                message.requirements().stream()
                        .map(AlertMessage.RequirementRef::framework)
                        .distinct()
                        .toList());
        alert.put(
                "requirements",
                message.requirements().stream()
                        .map(r -> r.framework() + " " + r.id())
                        .toList());
        alert.put(
                "controls",
                message.controls().stream().map(AlertMessage.ControlRef::id).toList());
        alert.put("categories", List.copyOf(message.categories()));
        alert.put("integrationId", String.valueOf(resource.integrationId()));
        alert.put("integration", message.resource().integrationName());
        Map<String, Object> resourceView = new LinkedHashMap<>();
        resourceView.put("type", resource.type());
        resourceView.put("name", resource.name());
        resourceView.put("externalId", resource.externalId());
        resourceView.put(
                "attributes",
                CheckEngine.prepare(resource.attributes(), Map.of()).celAttributes());
        alert.put("resource", resourceView);
        return alert;
    }

    private AlertMessage message(
            UUID noticeId,
            UUID alertId,
            String kind,
            CheckResultChanged event,
            CheckDefinition check,
            ResourceRecord resource,
            OpenAlert alert) {
        WorkspaceId workspace = event.workspaceId();
        List<CheckResult> history = results.history(workspace, check.id(), resource.id());
        AlertMessage.State after = history.isEmpty()
                ? new AlertMessage.State(event.status().name(), null, event.reason())
                : state(history.get(0));
        AlertMessage.State before = history.size() > 1 && event.previousStatus() != null ? state(history.get(1)) : null;
        if (kind.equals("reopened")) {
            before = after;
        }
        List<AlertMessage.ControlRef> controls = new ArrayList<>();
        List<AlertMessage.RequirementRef> requirements = new ArrayList<>();
        Set<String> categories = new LinkedHashSet<>();
        for (Control control : catalog.controlsProvenBy(check.id())) {
            controls.add(new AlertMessage.ControlRef(control.id(), control.title()));
            categories.add(control.category());
            for (Requirement requirement : catalog.requirementsOf(control)) {
                AlertMessage.RequirementRef ref = new AlertMessage.RequirementRef(
                        requirement.frameworkId(), requirement.id(), requirement.title());
                if (!requirements.contains(ref)) {
                    requirements.add(ref);
                }
            }
        }
        String integrationName = integrations
                .find(workspace, resource.integrationId())
                .map(Integration::name)
                .orElse(null);
        String url = properties.baseUrl().toString().replaceAll("/+$", "") + "/checks/" + check.id();
        return new AlertMessage(
                kind,
                noticeId,
                alertId,
                workspace.value(),
                event.occurredAt(),
                check.severity().name().toLowerCase(Locale.ROOT),
                event.cause(),
                new AlertMessage.CheckRef(check.id(), check.title(), check.rationale(), check.remediation()),
                new AlertMessage.ResourceRef(
                        resource.id(),
                        resource.name(),
                        resource.type(),
                        resource.externalId(),
                        resource.integrationId(),
                        integrationName),
                new AlertMessage.Change(
                        event.previousStatus() == null
                                ? null
                                : event.previousStatus().name(),
                        event.status().name(),
                        before,
                        after),
                alert.openedAt(),
                alert.previouslyResolvedAt(),
                kind.equals("flapping") || alert.flapping(),
                controls,
                requirements,
                List.copyOf(categories),
                url);
    }

    private static AlertMessage.State state(CheckResult result) {
        return new AlertMessage.State(result.status().name(), result.observed(), result.reason());
    }
}
