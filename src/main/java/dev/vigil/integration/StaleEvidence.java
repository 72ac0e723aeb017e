package dev.vigil.integration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.vigil.inventory.Inventory;
import dev.vigil.inventory.ResourceRecord;
import dev.vigil.monitoring.CheckResults;
import dev.vigil.workspace.WorkspaceId;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Evidence that stopped arriving must not keep vouching: when an integration has not collected successfully for
 * twice its interval, the current results of its resources turn ERROR ("evidence stale since …"), each change a
 * drift event. The next successful run re-evaluates them. Swept every minute.
 */
@Component
class StaleEvidence {

    private static final Logger log = LoggerFactory.getLogger(StaleEvidence.class);

    private final JdbcClient jdbc;
    private final Inventory inventory;
    private final CheckResults results;

    StaleEvidence(JdbcClient jdbc, Inventory inventory, CheckResults results) {
        this.jdbc = jdbc;
        this.inventory = inventory;
        this.results = results;
    }

    private record Overdue(UUID id, WorkspaceId workspace, String name, Instant since, int intervalMinutes) {}

    /**
     * Marks the results of every overdue integration stale.
     *
     * @return how many results turned stale
     */
    int sweep(Instant now) {
        List<Overdue> overdue = jdbc.sql("select i.id, i.workspace_id, i.name, i.interval_minutes,"
                        + " coalesce(max(r.finished_at) filter (where r.status in ('SUCCEEDED', 'PARTIAL')), i.created_at) as since"
                        + " from integration i left join collection_run r on r.integration_id = i.id"
                        + " and r.workspace_id = i.workspace_id"
                        + " where i.enabled and i.deleted_at is null group by i.id"
                        + " having coalesce(max(r.finished_at) filter (where r.status in ('SUCCEEDED', 'PARTIAL')), i.created_at)"
                        + " < cast(? as timestamptz) - make_interval(mins => 2 * i.interval_minutes)")
                .param(Timestamp.from(now))
                .query((rs, row) -> new Overdue(
                        rs.getObject("id", UUID.class),
                        WorkspaceId.of(rs.getObject("workspace_id", UUID.class)),
                        rs.getString("name"),
                        rs.getTimestamp("since").toInstant(),
                        rs.getInt("interval_minutes")))
                .list();
        int marked = 0;
        for (Overdue integration : overdue) {
            List<UUID> resources = inventory.forIntegration(integration.workspace(), integration.id(), false).stream()
                    .map(ResourceRecord::id)
                    .toList();
            String reason = "Evidence is stale: the integration '" + integration.name()
                    + "' has not collected successfully since " + integration.since()
                    + ", more than twice its interval of " + integration.intervalMinutes() + " minutes.";
            int count = results.markStale(integration.workspace(), resources, reason, now);
            if (count > 0) {
                log.warn(
                        "{} results of integration '{}' are stale: no successful run since {}",
                        count,
                        integration.name(),
                        integration.since());
            }
            marked += count;
        }
        return marked;
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        RecurringTask<Void> staleEvidenceTask(StaleEvidence staleEvidence, Clock clock) {
            return Tasks.recurring("stale-evidence", FixedDelay.of(Duration.ofMinutes(1)))
                    .execute((instance, context) -> staleEvidence.sweep(clock.instant()));
        }
    }
}
