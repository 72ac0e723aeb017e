package dev.vigil.alerting;

import dev.vigil.audit.AuditLog;
import dev.vigil.catalog.FrameworkCatalog;
import dev.vigil.workspace.WorkspaceId;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * How each check alerts in a workspace. Today: the grace window — how long a failure stays "at risk" before it
 * becomes an alert (0, the default, alerts at once).
 */
@Service
public class CheckAlertSettings {

    static final int MAX_GRACE_MINUTES = 1440;

    private final JdbcClient jdbc;
    private final FrameworkCatalog catalog;
    private final AuditLog audit;
    private final Clock clock;

    CheckAlertSettings(JdbcClient jdbc, FrameworkCatalog catalog, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.audit = audit;
        this.clock = clock;
    }

    /** A check's alert settings. */
    public record Settings(String checkId, int graceMinutes) {}

    public Settings get(WorkspaceId workspace, String checkId) {
        requireCheck(checkId);
        return new Settings(checkId, graceMinutes(workspace, checkId));
    }

    int graceMinutes(WorkspaceId workspace, String checkId) {
        return jdbc.sql("select grace_minutes from check_alert_setting where workspace_id = ? and check_id = ?")
                .params(workspace.value(), checkId)
                .query(Integer.class)
                .optional()
                .orElse(0);
    }

    @Transactional
    public Settings set(WorkspaceId workspace, String checkId, Integer graceMinutes, String actor) {
        requireCheck(checkId);
        if (graceMinutes == null || graceMinutes < 0 || graceMinutes > MAX_GRACE_MINUTES) {
            throw new InvalidAlertingException(
                    Map.of("graceMinutes", "must be a whole number of minutes from 0 to " + MAX_GRACE_MINUTES));
        }
        jdbc.sql("insert into check_alert_setting (workspace_id, check_id, grace_minutes, updated_at, updated_by)"
                        + " values (?, ?, ?, ?, ?) on conflict (workspace_id, check_id) do update set"
                        + " grace_minutes = excluded.grace_minutes, updated_at = excluded.updated_at,"
                        + " updated_by = excluded.updated_by")
                .params(workspace.value(), checkId, graceMinutes, Timestamp.from(clock.instant()), actor)
                .update();
        audit.record(workspace, actor, "check.alert-settings-changed", checkId, Map.of("graceMinutes", graceMinutes));
        return new Settings(checkId, graceMinutes);
    }

    private void requireCheck(String checkId) {
        if (catalog.check(checkId).isEmpty()) {
            throw new AlertingNotFoundException("check '" + checkId + "'");
        }
    }
}
