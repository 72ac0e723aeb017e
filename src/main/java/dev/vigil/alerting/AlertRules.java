package dev.vigil.alerting;

import dev.vigil.audit.AuditLog;
import dev.vigil.workspace.WorkspaceId;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Routing rules: validated at save (the CEL compiles, the channels exist), every change audited. */
@Service
public class AlertRules {

    static final Set<String> DELIVERIES = Set.of("immediate", "hourly", "daily");

    private final JdbcClient jdbc;
    private final AlertChannels channels;
    private final AuditLog audit;
    private final Clock clock;

    AlertRules(JdbcClient jdbc, AlertChannels channels, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.channels = channels;
        this.audit = audit;
        this.clock = clock;
    }

    public List<AlertRule> list(WorkspaceId workspace) {
        return jdbc.sql("select * from alert_rule where workspace_id = ? order by lower(name)")
                .param(workspace.value())
                .query(AlertRules::map)
                .list();
    }

    public AlertRule get(WorkspaceId workspace, UUID id) {
        return jdbc.sql("select * from alert_rule where workspace_id = ? and id = ?")
                .params(workspace.value(), id)
                .query(AlertRules::map)
                .optional()
                .orElseThrow(() -> new AlertingNotFoundException("rule", id));
    }

    @Transactional
    public AlertRule create(WorkspaceId workspace, RuleRequest request, String actor) {
        UUID id = UUID.randomUUID();
        Valid valid = validate(workspace, request, id);
        Instant now = clock.instant();
        jdbc.sql("insert into alert_rule (id, workspace_id, name, condition, channel_ids, delivery, enabled,"
                        + " created_at, created_by, updated_at, updated_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        id,
                        workspace.value(),
                        valid.name(),
                        valid.condition(),
                        valid.channelIds().toArray(UUID[]::new),
                        valid.delivery(),
                        request.enabled() == null || request.enabled(),
                        Timestamp.from(now),
                        actor,
                        Timestamp.from(now),
                        actor)
                .update();
        audit.record(
                workspace,
                actor,
                "alert-rule.created",
                id.toString(),
                Map.of("name", valid.name(), "condition", valid.condition(), "delivery", valid.delivery()));
        return get(workspace, id);
    }

    @Transactional
    public AlertRule replace(WorkspaceId workspace, UUID id, RuleRequest request, String actor) {
        AlertRule existing = get(workspace, id);
        Valid valid = validate(workspace, request, id);
        boolean enabled = request.enabled() == null ? existing.enabled() : request.enabled();
        jdbc.sql("update alert_rule set name = ?, condition = ?, channel_ids = ?, delivery = ?, enabled = ?,"
                        + " updated_at = ?, updated_by = ? where workspace_id = ? and id = ?")
                .params(
                        valid.name(),
                        valid.condition(),
                        valid.channelIds().toArray(UUID[]::new),
                        valid.delivery(),
                        enabled,
                        Timestamp.from(clock.instant()),
                        actor,
                        workspace.value(),
                        id)
                .update();
        audit.record(
                workspace,
                actor,
                "alert-rule.updated",
                id.toString(),
                Map.of("name", valid.name(), "condition", valid.condition(), "delivery", valid.delivery()));
        return get(workspace, id);
    }

    @Transactional
    public void delete(WorkspaceId workspace, UUID id, String actor) {
        AlertRule existing = get(workspace, id);
        jdbc.sql("delete from alert_rule where workspace_id = ? and id = ?")
                .params(workspace.value(), id)
                .update();
        audit.record(workspace, actor, "alert-rule.deleted", id.toString(), Map.of("name", existing.name()));
    }

    private record Valid(String name, String condition, List<UUID> channelIds, String delivery) {}

    private Valid validate(WorkspaceId workspace, RuleRequest request, UUID id) {
        Map<String, String> errors = new LinkedHashMap<>();
        String name = request.name() == null ? "" : request.name().strip();
        if (name.isEmpty()) {
            errors.put("name", "is required");
        } else if (jdbc.sql("select count(*) from alert_rule where workspace_id = ? and lower(name) = lower(?)"
                                + " and id <> ?")
                        .params(workspace.value(), name, id)
                        .query(Integer.class)
                        .single()
                > 0) {
            errors.put("name", "a rule named '" + name + "' already exists");
        }
        String condition = request.condition() == null || request.condition().isBlank()
                ? "true"
                : request.condition().strip();
        List<String> problems = RuleCondition.problems(condition);
        if (!problems.isEmpty()) {
            errors.put("condition", "is not valid CEL: " + String.join("; ", problems));
        }
        List<UUID> channelIds = request.channelIds() == null ? List.of() : List.copyOf(request.channelIds());
        if (channelIds.isEmpty()) {
            errors.put("channelIds", "name at least one channel");
        }
        for (UUID channelId : channelIds) {
            if (channels.find(workspace, channelId).isEmpty()) {
                errors.put("channelIds", "no channel with id " + channelId + " in this workspace");
            }
        }
        String delivery = request.delivery() == null ? "immediate" : request.delivery();
        if (!DELIVERIES.contains(delivery)) {
            errors.put("delivery", "must be immediate, hourly or daily");
        }
        if (!errors.isEmpty()) {
            throw new InvalidAlertingException(errors);
        }
        return new Valid(name, condition, channelIds, delivery);
    }

    List<AlertRule> enabled(WorkspaceId workspace) {
        return list(workspace).stream().filter(AlertRule::enabled).toList();
    }

    private static AlertRule map(ResultSet rs, int row) throws SQLException {
        Array ids = rs.getArray("channel_ids");
        List<UUID> channelIds = Arrays.asList((UUID[]) ids.getArray());
        return new AlertRule(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("condition"),
                List.copyOf(channelIds),
                rs.getString("delivery"),
                rs.getBoolean("enabled"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("created_by"),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getString("updated_by"));
    }
}
