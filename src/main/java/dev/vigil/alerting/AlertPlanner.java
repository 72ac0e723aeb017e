package dev.vigil.alerting;

import dev.vigil.catalog.CheckDefinition;
import dev.vigil.catalog.FrameworkCatalog;
import dev.vigil.inventory.Inventory;
import dev.vigil.inventory.ResourceRecord;
import dev.vigil.monitoring.CheckResult;
import dev.vigil.monitoring.CheckResultChanged;
import dev.vigil.monitoring.CheckResults;
import dev.vigil.monitoring.CheckStatus;
import dev.vigil.monitoring.CurrentResult;
import dev.vigil.workspace.WorkspaceId;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides what a drift event means for the team: open an alert, resolve one, call a (check, resource) flapping,
 * or nothing (a first evaluation, a change covered by an accepted-risk exception, a stale event). Every notice is
 * routed and its deliveries written in the same transaction, so nothing is decided without being sent.
 */
@Service
public class AlertPlanner {

    private static final Logger log = LoggerFactory.getLogger(AlertPlanner.class);

    /** First evaluations of a new integration are the baseline shown in the posture, not drift. */
    private static final Set<String> BASELINE_CAUSES = Set.of("created", "startup");

    private final JdbcClient jdbc;
    private final FrameworkCatalog catalog;
    private final Inventory inventory;
    private final CheckResults results;
    private final RiskExceptions exceptions;
    private final AlertingProperties properties;
    private final CheckAlertSettings settings;
    private final Notices notices;
    private final TransactionTemplate transaction;
    private final Clock clock;

    AlertPlanner(
            JdbcClient jdbc,
            FrameworkCatalog catalog,
            Inventory inventory,
            CheckResults results,
            RiskExceptions exceptions,
            AlertingProperties properties,
            CheckAlertSettings settings,
            Notices notices,
            TransactionTemplate transaction,
            Clock clock) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.inventory = inventory;
        this.results = results;
        this.exceptions = exceptions;
        this.properties = properties;
        this.settings = settings;
        this.notices = notices;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** Handles one drift event. Runs after the evaluation committed; redelivery after a crash is harmless. */
    @ApplicationModuleListener
    public void on(CheckResultChanged event) {
        handle(event);
    }

    private void handle(CheckResultChanged event) {
        WorkspaceId workspace = event.workspaceId();
        // One decision at a time per (check, resource), across nodes.
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 0))")
                .param(workspace.value() + "|" + event.checkId() + "|" + event.resourceId())
                .query(Object.class)
                .single();
        boolean handled = jdbc.sql("select count(*) from alert_notice where drift_event_id = ?")
                        .param(event.driftEventId())
                        .query(Integer.class)
                        .single()
                > 0;
        if (handled) {
            return;
        }
        Optional<CurrentResult> current = results.currentOf(workspace, event.checkId(), event.resourceId());
        if (current.isEmpty() || current.get().status() != event.status()) {
            // A later transition exists; its own event decides.
            log.debug("Skipping drift event {}: superseded by a later change", event.driftEventId());
            return;
        }
        Optional<CheckDefinition> check = catalog.check(event.checkId());
        Optional<ResourceRecord> resource = inventory.find(workspace, event.resourceId());
        if (check.isEmpty() || resource.isEmpty()) {
            return;
        }
        boolean bad = event.status() == CheckStatus.FAIL || event.status() == CheckStatus.ERROR;
        Optional<OpenAlert> open = openAlert(workspace, event.checkId(), event.resourceId());
        Instant now = clock.instant();
        if (isFlapping(workspace, event)) {
            if (open.isPresent() && !open.get().flapping()) {
                setFlapping(workspace, open.get().id(), event);
                open = open.map(a -> new OpenAlert(a.id(), false, true, a.openedAt(), a.previouslyResolvedAt()));
                notices.write(
                        workspace, open.get().id(), "flapping", event, check.get(), resource.get(), open.get(), now);
            } else if (open.isEmpty()
                    && bad
                    && !exceptions.covers(workspace, event.checkId(), event.resourceId(), now)) {
                OpenAlert opened = open(workspace, event, check.get(), true);
                notices.write(workspace, opened.id(), "flapping", event, check.get(), resource.get(), opened, now);
            } else if (open.isPresent()) {
                updateStatus(workspace, open.get().id(), event);
            }
            return;
        }
        if (bad) {
            if (open.isPresent()) {
                updateStatus(workspace, open.get().id(), event);
                return;
            }
            if (isBaseline(event, resource.get())) {
                return;
            }
            if (exceptions.covers(workspace, event.checkId(), event.resourceId(), now)) {
                log.info(
                        "{} on {} is {} but covered by an accepted-risk exception; no alert",
                        event.checkId(),
                        resource.get().name(),
                        event.status());
                return;
            }
            int grace = settings.graceMinutes(workspace, event.checkId());
            if (grace > 0) {
                atRisk(workspace, event, check.get(), event.occurredAt().plus(Duration.ofMinutes(grace)));
                return;
            }
            OpenAlert opened = open(workspace, event, check.get(), false);
            notices.write(workspace, opened.id(), "opened", event, check.get(), resource.get(), opened, now);
        } else if (open.isPresent() && open.get().atRisk()) {
            // Fixed within its grace window: it never became an alert.
            jdbc.sql("delete from alert where workspace_id = ? and id = ?")
                    .params(workspace.value(), open.get().id())
                    .update();
        } else if (open.isPresent()) {
            resolve(workspace, open.get().id(), event.occurredAt());
            notices.write(workspace, open.get().id(), "resolved", event, check.get(), resource.get(), open.get(), now);
        }
    }

    /**
     * An exception expired: if its (check, resource) still fails, the finding re-opens and alerts.
     *
     * @return whether an alert was opened
     */
    @Transactional
    public boolean exceptionExpired(RiskException exception, WorkspaceId workspace) {
        Instant now = clock.instant();
        if (!exceptions.markExpiryHandled(exception.id(), now)) {
            return false;
        }
        Optional<CurrentResult> current = results.currentOf(workspace, exception.checkId(), exception.resourceId());
        if (current.isEmpty()
                || (current.get().status() != CheckStatus.FAIL && current.get().status() != CheckStatus.ERROR)) {
            return false;
        }
        if (openAlert(workspace, exception.checkId(), exception.resourceId()).isPresent()
                || exceptions.covers(workspace, exception.checkId(), exception.resourceId(), now)) {
            return false;
        }
        Optional<CheckDefinition> check = catalog.check(exception.checkId());
        Optional<ResourceRecord> resource = inventory.find(workspace, exception.resourceId());
        if (check.isEmpty() || resource.isEmpty()) {
            return false;
        }
        CurrentResult result = current.get();
        CheckResultChanged synthetic = new CheckResultChanged(
                null,
                workspace,
                exception.checkId(),
                exception.resourceId(),
                result.status(),
                result.status(),
                result.reason(),
                "exception-expired",
                now);
        OpenAlert opened = open(workspace, synthetic, check.get(), false);
        notices.write(workspace, opened.id(), "reopened", synthetic, check.get(), resource.get(), opened, now);
        return true;
    }

    private Optional<OpenAlert> openAlert(WorkspaceId workspace, String checkId, UUID resourceId) {
        return jdbc.sql("select id, state, flapping, opened_at, previously_resolved_at from alert where"
                        + " workspace_id = ? and check_id = ? and resource_id = ? and state in ('OPEN', 'AT_RISK')")
                .params(workspace.value(), checkId, resourceId)
                .query((rs, row) -> new OpenAlert(
                        rs.getObject("id", UUID.class),
                        rs.getString("state").equals("AT_RISK"),
                        rs.getBoolean("flapping"),
                        rs.getTimestamp("opened_at").toInstant(),
                        rs.getTimestamp("previously_resolved_at") == null
                                ? null
                                : rs.getTimestamp("previously_resolved_at").toInstant()))
                .optional();
    }

    /**
     * A first evaluation is the baseline the posture shows, not drift, when it belongs to a new integration: one
     * just created, the first start, or an integration with no successful run before this one (an agent's first
     * report). A new resource in an integration that has reported before is drift and alerts.
     */
    private boolean isBaseline(CheckResultChanged event, ResourceRecord resource) {
        if (event.previousStatus() != null) {
            return false;
        }
        if (BASELINE_CAUSES.contains(event.cause())) {
            return true;
        }
        return jdbc.sql("select count(*) from collection_run where workspace_id = ? and integration_id = ?"
                                + " and status in ('SUCCEEDED', 'PARTIAL') and finished_at < ?")
                        .params(
                                event.workspaceId().value(),
                                resource.integrationId(),
                                Timestamp.from(event.occurredAt()))
                        .query(Integer.class)
                        .single()
                == 0;
    }

    private boolean isFlapping(WorkspaceId workspace, CheckResultChanged event) {
        int transitions = jdbc.sql("select count(*) from drift_event where workspace_id = ? and check_id = ?"
                        + " and resource_id = ? and occurred_at > ? and previous_status is not null")
                .params(
                        workspace.value(),
                        event.checkId(),
                        event.resourceId(),
                        Timestamp.from(event.occurredAt().minus(properties.flappingWindow())))
                .query(Integer.class)
                .single();
        return transitions >= properties.flappingTransitions();
    }

    private OpenAlert open(WorkspaceId workspace, CheckResultChanged event, CheckDefinition check, boolean flapping) {
        Instant previouslyResolved = jdbc.sql("select max(resolved_at) from alert where workspace_id = ?"
                        + " and check_id = ? and resource_id = ? and state = 'RESOLVED'")
                .params(workspace.value(), event.checkId(), event.resourceId())
                .query((rs, row) ->
                        rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant())
                .optional()
                .orElse(null);
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into alert (id, workspace_id, check_id, resource_id, state, severity, status, reason,"
                        + " flapping, opened_at, previously_resolved_at) values (?, ?, ?, ?, 'OPEN', ?, ?, ?, ?, ?, ?)")
                .params(
                        id,
                        workspace.value(),
                        event.checkId(),
                        event.resourceId(),
                        check.severity().name(),
                        event.status().name(),
                        event.reason(),
                        flapping,
                        Timestamp.from(event.occurredAt()),
                        previouslyResolved == null ? null : Timestamp.from(previouslyResolved))
                .update();
        return new OpenAlert(id, false, flapping, event.occurredAt(), previouslyResolved);
    }

    /** Starts the grace window of a failure: an alert row that notifies nobody until {@code due}. */
    private void atRisk(WorkspaceId workspace, CheckResultChanged event, CheckDefinition check, Instant due) {
        OpenAlert alert = open(workspace, event, check, false);
        jdbc.sql("update alert set state = 'AT_RISK', due_at = ? where workspace_id = ? and id = ?")
                .params(Timestamp.from(due), workspace.value(), alert.id())
                .update();
        log.info("{} on resource {} is at risk until {} (grace window)", check.id(), event.resourceId(), due);
    }

    /**
     * Turns at-risk alerts whose grace window has ended into open alerts, if their finding still fails.
     *
     * @return how many were opened
     */
    public int promoteDue(Instant now) {
        List<UUID> due = jdbc.sql("select id from alert where state = 'AT_RISK' and due_at <= ? limit 500")
                .param(Timestamp.from(now))
                .query(UUID.class)
                .list();
        int opened = 0;
        for (UUID id : due) {
            Boolean promoted = transaction.execute(status -> promote(id, now));
            if (Boolean.TRUE.equals(promoted)) {
                opened++;
            }
        }
        return opened;
    }

    private boolean promote(UUID alertId, Instant now) {
        record Pending(WorkspaceId workspace, String checkId, UUID resourceId, Instant openedAt) {}
        Optional<Pending> pending = jdbc.sql("select workspace_id, check_id, resource_id, opened_at from alert"
                        + " where id = ? and state = 'AT_RISK' for update skip locked")
                .param(alertId)
                .query((rs, row) -> new Pending(
                        WorkspaceId.of(rs.getObject("workspace_id", UUID.class)),
                        rs.getString("check_id"),
                        rs.getObject("resource_id", UUID.class),
                        rs.getTimestamp("opened_at").toInstant()))
                .optional();
        if (pending.isEmpty()) {
            return false;
        }
        Pending alert = pending.get();
        Optional<CurrentResult> current = results.currentOf(alert.workspace(), alert.checkId(), alert.resourceId());
        Optional<CheckDefinition> check = catalog.check(alert.checkId());
        Optional<ResourceRecord> resource = inventory.find(alert.workspace(), alert.resourceId());
        boolean stillBad = current.isPresent()
                && (current.get().status() == CheckStatus.FAIL || current.get().status() == CheckStatus.ERROR);
        if (!stillBad
                || check.isEmpty()
                || resource.isEmpty()
                || exceptions.covers(alert.workspace(), alert.checkId(), alert.resourceId(), now)) {
            jdbc.sql("delete from alert where id = ?").param(alertId).update();
            return false;
        }
        jdbc.sql("update alert set state = 'OPEN', due_at = null where id = ?")
                .param(alertId)
                .update();
        List<CheckResult> history = results.history(alert.workspace(), alert.checkId(), alert.resourceId());
        CheckStatus previous = history.size() > 1 ? history.get(1).status() : null;
        CheckResultChanged event = new CheckResultChanged(
                null,
                alert.workspace(),
                alert.checkId(),
                alert.resourceId(),
                previous,
                current.get().status(),
                current.get().reason(),
                "grace-window-ended",
                clock.instant());
        OpenAlert open = openAlert(alert.workspace(), alert.checkId(), alert.resourceId())
                .orElseThrow();
        notices.write(alert.workspace(), alertId, "opened", event, check.get(), resource.get(), open, clock.instant());
        return true;
    }

    /**
     * A flapping finding that has been quiet for a quarter of the flapping window settles: resolved (with a
     * notice) if it passes, or an ordinary open alert if it still fails.
     *
     * @return how many settled
     */
    public int settleFlapping(Instant now) {
        Instant quietSince = now.minus(properties.flappingWindow().dividedBy(4));
        List<UUID> quiet = jdbc.sql("select a.id from alert a where a.state = 'OPEN' and a.flapping and not exists"
                        + " (select 1 from drift_event d where d.workspace_id = a.workspace_id and d.check_id ="
                        + " a.check_id and d.resource_id = a.resource_id and d.occurred_at > ?) limit 500")
                .param(Timestamp.from(quietSince))
                .query(UUID.class)
                .list();
        int settled = 0;
        for (UUID id : quiet) {
            Boolean done = transaction.execute(status -> settle(id, now));
            if (Boolean.TRUE.equals(done)) {
                settled++;
            }
        }
        return settled;
    }

    private boolean settle(UUID alertId, Instant now) {
        record Flapping(WorkspaceId workspace, String checkId, UUID resourceId) {}
        Optional<Flapping> found = jdbc.sql("select workspace_id, check_id, resource_id from alert where id = ?"
                        + " and state = 'OPEN' and flapping for update skip locked")
                .param(alertId)
                .query((rs, row) -> new Flapping(
                        WorkspaceId.of(rs.getObject("workspace_id", UUID.class)),
                        rs.getString("check_id"),
                        rs.getObject("resource_id", UUID.class)))
                .optional();
        if (found.isEmpty()) {
            return false;
        }
        Flapping alert = found.get();
        Optional<CurrentResult> current = results.currentOf(alert.workspace(), alert.checkId(), alert.resourceId());
        boolean bad = current.isPresent()
                && (current.get().status() == CheckStatus.FAIL || current.get().status() == CheckStatus.ERROR);
        if (bad) {
            jdbc.sql("update alert set flapping = false where id = ?")
                    .param(alertId)
                    .update();
            return true;
        }
        Optional<CheckDefinition> check = catalog.check(alert.checkId());
        Optional<ResourceRecord> resource = inventory.find(alert.workspace(), alert.resourceId());
        OpenAlert open = openAlert(alert.workspace(), alert.checkId(), alert.resourceId())
                .orElseThrow();
        resolve(alert.workspace(), alertId, clock.instant());
        if (check.isPresent() && resource.isPresent() && current.isPresent()) {
            CheckResultChanged event = new CheckResultChanged(
                    null,
                    alert.workspace(),
                    alert.checkId(),
                    alert.resourceId(),
                    CheckStatus.FAIL,
                    current.get().status(),
                    current.get().reason(),
                    "settled",
                    clock.instant());
            notices.write(
                    alert.workspace(), alertId, "resolved", event, check.get(), resource.get(), open, clock.instant());
        }
        return true;
    }

    private void setFlapping(WorkspaceId workspace, UUID alertId, CheckResultChanged event) {
        jdbc.sql("update alert set flapping = true, state = 'OPEN', due_at = null, status = ?, reason = ?"
                        + " where workspace_id = ? and id = ?")
                .params(event.status().name(), event.reason(), workspace.value(), alertId)
                .update();
    }

    private void updateStatus(WorkspaceId workspace, UUID alertId, CheckResultChanged event) {
        jdbc.sql("update alert set status = ?, reason = ? where workspace_id = ? and id = ?")
                .params(event.status().name(), event.reason(), workspace.value(), alertId)
                .update();
    }

    private void resolve(WorkspaceId workspace, UUID alertId, Instant at) {
        jdbc.sql("update alert set state = 'RESOLVED', resolved_at = ? where workspace_id = ? and id = ?")
                .params(Timestamp.from(at), workspace.value(), alertId)
                .update();
    }
}
