package dev.vigil.monitoring;

import dev.vigil.catalog.CheckDefinition;
import dev.vigil.catalog.FrameworkCatalog;
import dev.vigil.inventory.ResourceRecord;
import dev.vigil.workspace.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores check results as state intervals and records every transition as a drift event.
 *
 * <p>A (check, resource) has at most one open interval ({@code until is null}). Re-evaluating with the same
 * status refreshes the reason and the evaluation time; a different status closes the interval, opens a new one
 * and records a drift event, all in the caller's transaction.
 */
@Service
public class CheckResults {

    private static final Logger log = LoggerFactory.getLogger(CheckResults.class);

    private final JdbcClient jdbc;
    private final FrameworkCatalog catalog;
    private final CheckEngine engine;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    CheckResults(
            JdbcClient jdbc,
            FrameworkCatalog catalog,
            CheckEngine engine,
            ApplicationEventPublisher events,
            Clock clock) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.engine = engine;
        this.events = events;
        this.clock = clock;
    }

    /**
     * At start, ends the current results of checks the content no longer defines, so they stop counting and
     * stop being listed. Their history stays.
     */
    @EventListener(ApplicationReadyEvent.class)
    @Transactional
    public void closeRetiredChecks() {
        List<String> ids = catalog.checks().stream().map(CheckDefinition::id).toList();
        int closed = jdbc.sql("update check_result set until = :now where until is null and check_id not in (:ids)")
                .param("now", Timestamp.from(clock.instant()))
                .param("ids", ids)
                .update();
        if (closed > 0) {
            log.info("Closed {} results of checks that are no longer in the catalog", closed);
        }
    }

    /**
     * Evaluates the checks of each resource's type: every check for a changed resource; for an unchanged one only
     * checks with no current result or whose definition changed since.
     *
     * @return how many (check, resource) pairs were evaluated and how many changed state
     */
    @Transactional
    public EvaluationSummary evaluate(WorkspaceId workspace, List<EvaluationInput> inputs, String cause, Instant at) {
        int evaluated = 0;
        int transitions = 0;
        Map<UUID, Map<String, OpenInterval>> open = openIntervals(
                workspace, inputs.stream().map(i -> i.resource().id()).toList());
        for (EvaluationInput input : inputs) {
            ResourceRecord resource = input.resource();
            Map<String, OpenInterval> current = open.getOrDefault(resource.id(), Map.of());
            CheckEngine.PreparedResource prepared = null;
            for (CheckDefinition check : catalog.checksFor(resource.type())) {
                OpenInterval interval = current.get(check.id());
                boolean due = input.changed()
                        || interval == null
                        || !interval.fingerprint().equals(check.fingerprint());
                if (!due) {
                    continue;
                }
                if (prepared == null) {
                    prepared = CheckEngine.prepare(resource.attributes(), resource.unknown());
                }
                CheckOutcome outcome = engine.evaluate(check, prepared);
                evaluated++;
                if (store(workspace, check, resource.id(), input.evidenceId(), interval, outcome, cause, at)) {
                    transitions++;
                }
            }
        }
        return new EvaluationSummary(evaluated, transitions);
    }

    private boolean store(
            WorkspaceId workspace,
            CheckDefinition check,
            UUID resourceId,
            UUID evidenceId,
            OpenInterval interval,
            CheckOutcome outcome,
            String cause,
            Instant at) {
        Timestamp now = Timestamp.from(at);
        if (interval != null && interval.status() == outcome.status()) {
            jdbc.sql("update check_result set reason = ?, observed = ?, check_fingerprint = ?, evidence_id = ?,"
                            + " last_evaluated_at = ? where workspace_id = ? and id = ?")
                    .params(
                            outcome.reason(),
                            outcome.observed(),
                            check.fingerprint(),
                            evidenceId,
                            now,
                            workspace.value(),
                            interval.id())
                    .update();
            return false;
        }
        if (interval != null) {
            jdbc.sql("update check_result set until = ? where workspace_id = ? and id = ?")
                    .params(now, workspace.value(), interval.id())
                    .update();
        }
        jdbc.sql("insert into check_result (id, workspace_id, check_id, resource_id, status, reason, observed,"
                        + " check_fingerprint, evidence_id, since, until, last_evaluated_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?)")
                .params(
                        UUID.randomUUID(),
                        workspace.value(),
                        check.id(),
                        resourceId,
                        outcome.status().name(),
                        outcome.reason(),
                        outcome.observed(),
                        check.fingerprint(),
                        evidenceId,
                        now,
                        now)
                .update();
        recordTransition(
                workspace,
                check.id(),
                resourceId,
                interval == null ? null : interval.status(),
                outcome.status(),
                outcome.reason(),
                cause,
                at);
        return true;
    }

    /** Marks a result whose evidence went stale; the next evaluation of its resource replaces it. */
    static final String STALE_FINGERPRINT = "stale";

    /**
     * Turns the current results of these resources into ERROR: their evidence is too old to vouch for anything.
     * Each change is a drift event with the cause {@code stale}. Results already marked stale are left alone;
     * the next successful collection re-evaluates every stale result, changed content or not.
     *
     * @param reason shown on each result, naming since when the evidence is stale
     * @return how many results turned stale
     */
    @Transactional
    public int markStale(WorkspaceId workspace, Collection<UUID> resourceIds, String reason, Instant at) {
        if (resourceIds.isEmpty()) {
            return 0;
        }
        List<OpenInterval> intervals = jdbc.sql("select id, check_id, resource_id, status, check_fingerprint from"
                        + " check_result where workspace_id = :workspace and resource_id in (:ids) and until is null"
                        + " and check_fingerprint <> :stale")
                .param("workspace", workspace.value())
                .param("ids", resourceIds)
                .param("stale", STALE_FINGERPRINT)
                .query((rs, row) -> new OpenInterval(
                        rs.getObject("id", UUID.class),
                        rs.getString("check_id"),
                        rs.getObject("resource_id", UUID.class),
                        CheckStatus.valueOf(rs.getString("status")),
                        rs.getString("check_fingerprint")))
                .list();
        Timestamp now = Timestamp.from(at);
        for (OpenInterval interval : intervals) {
            if (interval.status() == CheckStatus.ERROR) {
                jdbc.sql("update check_result set reason = ?, check_fingerprint = ?, last_evaluated_at = ?"
                                + " where workspace_id = ? and id = ?")
                        .params(reason, STALE_FINGERPRINT, now, workspace.value(), interval.id())
                        .update();
                continue;
            }
            jdbc.sql("update check_result set until = ? where workspace_id = ? and id = ?")
                    .params(now, workspace.value(), interval.id())
                    .update();
            jdbc.sql("insert into check_result (id, workspace_id, check_id, resource_id, status, reason, observed,"
                            + " check_fingerprint, evidence_id, since, until, last_evaluated_at)"
                            + " select ?, workspace_id, check_id, resource_id, 'ERROR', ?, null, ?, evidence_id, ?, null, ?"
                            + " from check_result where workspace_id = ? and id = ?")
                    .params(UUID.randomUUID(), reason, STALE_FINGERPRINT, now, now, workspace.value(), interval.id())
                    .update();
            recordTransition(
                    workspace,
                    interval.checkId(),
                    interval.resourceId(),
                    interval.status(),
                    CheckStatus.ERROR,
                    reason,
                    "stale",
                    at);
        }
        return intervals.size();
    }

    /** Records a drift event and publishes it through the outbox, in the caller's transaction. */
    private void recordTransition(
            WorkspaceId workspace,
            String checkId,
            UUID resourceId,
            CheckStatus previous,
            CheckStatus status,
            String reason,
            String cause,
            Instant at) {
        UUID driftId = UUID.randomUUID();
        jdbc.sql("insert into drift_event (id, workspace_id, check_id, resource_id, previous_status, status, reason,"
                        + " cause, occurred_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        driftId,
                        workspace.value(),
                        checkId,
                        resourceId,
                        previous == null ? null : previous.name(),
                        status.name(),
                        reason,
                        cause,
                        Timestamp.from(at))
                .update();
        events.publishEvent(
                new CheckResultChanged(driftId, workspace, checkId, resourceId, previous, status, reason, cause, at));
    }

    /** Ends the current results of resources that are no longer reported. */
    @Transactional
    public void closeFor(WorkspaceId workspace, Collection<UUID> resourceIds, Instant at) {
        if (resourceIds.isEmpty()) {
            return;
        }
        jdbc.sql("update check_result set until = :at where workspace_id = :workspace and resource_id in (:ids)"
                        + " and until is null")
                .param("at", Timestamp.from(at))
                .param("workspace", workspace.value())
                .param("ids", resourceIds)
                .update();
    }

    private record OpenInterval(UUID id, String checkId, UUID resourceId, CheckStatus status, String fingerprint) {}

    private Map<UUID, Map<String, OpenInterval>> openIntervals(WorkspaceId workspace, List<UUID> resourceIds) {
        Map<UUID, Map<String, OpenInterval>> open = new HashMap<>();
        if (resourceIds.isEmpty()) {
            return open;
        }
        jdbc.sql("select id, check_id, resource_id, status, check_fingerprint from check_result"
                        + " where workspace_id = :workspace and resource_id in (:ids) and until is null")
                .param("workspace", workspace.value())
                .param("ids", resourceIds)
                .query((rs, row) -> new OpenInterval(
                        rs.getObject("id", UUID.class),
                        rs.getString("check_id"),
                        rs.getObject("resource_id", UUID.class),
                        CheckStatus.valueOf(rs.getString("status")),
                        rs.getString("check_fingerprint")))
                .list()
                .forEach(i -> open.computeIfAbsent(i.resourceId(), k -> new HashMap<>())
                        .put(i.checkId(), i));
        return open;
    }

    private static final String CURRENT_SELECT = "select c.id, c.check_id, c.resource_id, r.type, r.external_id,"
            + " r.name, r.integration_id, c.status, c.reason, c.observed, c.evidence_id, c.since,"
            + " c.last_evaluated_at from check_result c join resource r on r.id = c.resource_id"
            + " and r.workspace_id = c.workspace_id"
            + " where c.workspace_id = :workspace and c.until is null and r.gone_at is null";

    /** Current results, filtered on the server, ordered by check then resource. */
    public List<CurrentResult> current(WorkspaceId workspace, ResultFilter filter) {
        return current(workspace, filter, null, Integer.MAX_VALUE);
    }

    /**
     * One page of current results, filtered on the server, ordered by (check id, resource id).
     *
     * @param after the last result of the previous page (keyset pagination), or {@code null}
     */
    public List<CurrentResult> current(WorkspaceId workspace, ResultFilter filter, CurrentResult after, int limit) {
        StringBuilder sql = new StringBuilder(CURRENT_SELECT);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("workspace", workspace.value());
        if (filter.integrationId() != null) {
            sql.append(" and r.integration_id = :integration");
            params.put("integration", filter.integrationId());
        }
        if (filter.checkId() != null) {
            sql.append(" and c.check_id = :check");
            params.put("check", filter.checkId());
        }
        if (filter.status() != null) {
            sql.append(" and c.status = :status");
            params.put("status", filter.status().name());
        }
        if (filter.resourceId() != null) {
            sql.append(" and c.resource_id = :resource");
            params.put("resource", filter.resourceId());
        }
        if (after != null) {
            sql.append(" and (c.check_id, c.resource_id) > (:afterCheck, :afterResource)");
            params.put("afterCheck", after.checkId());
            params.put("afterResource", after.resourceId());
        }
        sql.append(" order by c.check_id, c.resource_id limit :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString())
                .params(params)
                .query(CheckResults::mapCurrent)
                .list();
    }

    /** The current result of one (check, resource), if evaluated. */
    public java.util.Optional<CurrentResult> currentOf(WorkspaceId workspace, String checkId, UUID resourceId) {
        return current(workspace, new ResultFilter(null, checkId, null, resourceId)).stream()
                .findFirst();
    }

    /** Counts of current results per check and status, for roll-ups. */
    public Map<String, Map<CheckStatus, Integer>> countsByCheck(WorkspaceId workspace) {
        Map<String, Map<CheckStatus, Integer>> counts = new HashMap<>();
        jdbc.sql("select c.check_id, c.status, count(*) from check_result c join resource r on r.id = c.resource_id"
                        + " where c.workspace_id = ? and c.until is null and r.gone_at is null"
                        + " group by c.check_id, c.status")
                .param(workspace.value())
                .query((rs, row) -> {
                    counts.computeIfAbsent(rs.getString(1), k -> new EnumMap<>(CheckStatus.class))
                            .put(CheckStatus.valueOf(rs.getString(2)), rs.getInt(3));
                    return null;
                })
                .list();
        return counts;
    }

    /** Every interval of one (check, resource), newest first. */
    public List<CheckResult> history(WorkspaceId workspace, String checkId, UUID resourceId) {
        return jdbc.sql("select id, check_id, resource_id, status, reason, observed, evidence_id, since, until,"
                        + " last_evaluated_at from check_result where workspace_id = ? and check_id = ?"
                        + " and resource_id = ? order by since desc")
                .params(workspace.value(), checkId, resourceId)
                .query((rs, row) -> new CheckResult(
                        rs.getObject("id", UUID.class),
                        rs.getString("check_id"),
                        rs.getObject("resource_id", UUID.class),
                        CheckStatus.valueOf(rs.getString("status")),
                        rs.getString("reason"),
                        rs.getString("observed"),
                        rs.getObject("evidence_id", UUID.class),
                        instant(rs, "since"),
                        instant(rs, "until"),
                        instant(rs, "last_evaluated_at")))
                .list();
    }

    /**
     * Drift events, newest first, keyset-paginated.
     *
     * @param before the id of the last event of the previous page, or {@code null} for the first page
     */
    public List<DriftEvent> driftEvents(WorkspaceId workspace, UUID before, String checkId, int limit) {
        StringBuilder sql = new StringBuilder("select id, check_id, resource_id, previous_status, status, reason,"
                + " cause, occurred_at from drift_event d where workspace_id = :workspace");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("workspace", workspace.value());
        if (checkId != null) {
            sql.append(" and check_id = :check");
            params.put("check", checkId);
        }
        if (before != null) {
            sql.append(" and (occurred_at, id) < (select occurred_at, id from drift_event where"
                    + " workspace_id = :workspace and id = :before)");
            params.put("before", before);
        }
        sql.append(" order by occurred_at desc, id desc limit :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString())
                .params(params)
                .query((rs, row) -> new DriftEvent(
                        rs.getObject("id", UUID.class),
                        rs.getString("check_id"),
                        rs.getObject("resource_id", UUID.class),
                        rs.getString("previous_status") == null
                                ? null
                                : CheckStatus.valueOf(rs.getString("previous_status")),
                        CheckStatus.valueOf(rs.getString("status")),
                        rs.getString("reason"),
                        rs.getString("cause"),
                        instant(rs, "occurred_at")))
                .list();
    }

    private static CurrentResult mapCurrent(ResultSet rs, int row) throws SQLException {
        return new CurrentResult(
                rs.getObject("id", UUID.class),
                rs.getString("check_id"),
                rs.getObject("resource_id", UUID.class),
                rs.getString("type"),
                rs.getString("external_id"),
                rs.getString("name"),
                rs.getObject("integration_id", UUID.class),
                CheckStatus.valueOf(rs.getString("status")),
                rs.getString("reason"),
                rs.getString("observed"),
                rs.getObject("evidence_id", UUID.class),
                instant(rs, "since"),
                instant(rs, "last_evaluated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    /** What one evaluation pass did. */
    public record EvaluationSummary(int evaluated, int transitions) {}
}
