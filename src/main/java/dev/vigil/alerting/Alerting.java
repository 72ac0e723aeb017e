package dev.vigil.alerting;

import dev.vigil.audit.AuditLog;
import dev.vigil.workspace.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reading alerts with their deliveries, retrying dead letters and sending test alerts. */
@Service
public class Alerting {

    private final JdbcClient jdbc;
    private final tools.jackson.databind.json.JsonMapper json;
    private final AlertChannels channels;
    private final List<ChannelSender> senders;
    private final DeliveryWorker worker;
    private final AuditLog audit;
    private final Clock clock;

    Alerting(
            JdbcClient jdbc,
            tools.jackson.databind.json.JsonMapper json,
            AlertChannels channels,
            List<ChannelSender> senders,
            DeliveryWorker worker,
            AuditLog audit,
            Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.channels = channels;
        this.senders = senders;
        this.worker = worker;
        this.audit = audit;
        this.clock = clock;
    }

    /** An alert with what was sent about it. */
    public record Alert(
            UUID id,
            String checkId,
            UUID resourceId,
            String state,
            String severity,
            String status,
            String reason,
            boolean flapping,
            Instant openedAt,
            Instant resolvedAt,
            Instant previouslyResolvedAt,
            List<Notice> notices) {}

    public record Notice(
            UUID id, String kind, String cause, String summary, Instant createdAt, List<Delivery> deliveries) {}

    public record Delivery(
            UUID id,
            UUID noticeId,
            UUID channelId,
            String channelName,
            String mode,
            String state,
            int attempts,
            Instant nextAttemptAt,
            String lastError,
            Instant deliveredAt,
            String idempotencyKey,
            List<Attempt> attemptLog) {}

    public record Attempt(Instant at, boolean succeeded, String detail, int durationMs) {}

    /** Result of a test alert. */
    public record TestResult(boolean delivered, String detail) {}

    /**
     * Alerts, newest first, keyset-paginated.
     *
     * @param state {@code OPEN}, {@code RESOLVED} or null for both
     * @param before the id of the last alert of the previous page
     */
    public List<Alert> alerts(WorkspaceId workspace, String state, String checkId, UUID before, int limit) {
        StringBuilder sql = new StringBuilder("select * from alert where workspace_id = :workspace");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("workspace", workspace.value());
        if (state != null) {
            sql.append(" and state = :state");
            params.put("state", state);
        }
        if (checkId != null) {
            sql.append(" and check_id = :check");
            params.put("check", checkId);
        }
        if (before != null) {
            sql.append(" and (opened_at, id) < (select opened_at, id from alert where id = :before)");
            params.put("before", before);
        }
        sql.append(" order by opened_at desc, id desc limit :limit");
        params.put("limit", limit);
        List<Alert> bare =
                jdbc.sql(sql.toString()).params(params).query(this::alert).list();
        if (bare.isEmpty()) {
            return bare;
        }
        Map<UUID, List<Notice>> notices =
                notices(workspace, bare.stream().map(Alert::id).toList());
        return bare.stream()
                .map(a -> new Alert(
                        a.id(),
                        a.checkId(),
                        a.resourceId(),
                        a.state(),
                        a.severity(),
                        a.status(),
                        a.reason(),
                        a.flapping(),
                        a.openedAt(),
                        a.resolvedAt(),
                        a.previouslyResolvedAt(),
                        notices.getOrDefault(a.id(), List.of())))
                .toList();
    }

    public Alert alert(WorkspaceId workspace, UUID id) {
        boolean exists = jdbc.sql("select count(*) from alert where workspace_id = ? and id = ?")
                        .params(workspace.value(), id)
                        .query(Integer.class)
                        .single()
                > 0;
        if (!exists) {
            throw new AlertingNotFoundException("alert", id);
        }
        Alert bare = jdbc.sql("select * from alert where workspace_id = ? and id = ?")
                .params(workspace.value(), id)
                .query(this::alert)
                .single();
        return new Alert(
                bare.id(),
                bare.checkId(),
                bare.resourceId(),
                bare.state(),
                bare.severity(),
                bare.status(),
                bare.reason(),
                bare.flapping(),
                bare.openedAt(),
                bare.resolvedAt(),
                bare.previouslyResolvedAt(),
                notices(workspace, List.of(id)).getOrDefault(id, List.of()));
    }

    /** How many alerts are open: the number the navigation shows. */
    public int openCount(WorkspaceId workspace) {
        return jdbc.sql("select count(*) from alert where workspace_id = ? and state = 'OPEN'")
                .param(workspace.value())
                .query(Integer.class)
                .single();
    }

    /** Deliveries in a state (for example {@code DEAD}: the dead-letter view), newest first. */
    public List<Delivery> deliveries(WorkspaceId workspace, String state, int limit) {
        List<Delivery> deliveries = jdbc.sql("select d.*, c.name as channel_name from alert_delivery d"
                        + " join alert_channel c on c.id = d.channel_id where d.workspace_id = ? and d.state = ?"
                        + " order by d.created_at desc limit ?")
                .params(workspace.value(), state, limit)
                .query(Alerting::delivery)
                .list();
        return withAttempts(deliveries);
    }

    /** Puts a dead letter back in the queue for a fresh series of attempts. */
    @Transactional
    public Delivery retry(WorkspaceId workspace, UUID deliveryId, String actor) {
        String state = jdbc.sql("select state from alert_delivery where workspace_id = ? and id = ?")
                .params(workspace.value(), deliveryId)
                .query(String.class)
                .optional()
                .orElseThrow(() -> new AlertingNotFoundException("delivery", deliveryId));
        if (!state.equals("DEAD")) {
            throw new InvalidAlertingException(
                    Map.of("state", "only a dead letter can be retried; this delivery is " + state));
        }
        jdbc.sql("update alert_delivery set state = 'PENDING', attempts = 0, next_attempt_at = ?, lease_until = null"
                        + " where workspace_id = ? and id = ?")
                .params(Timestamp.from(clock.instant()), workspace.value(), deliveryId)
                .update();
        audit.record(workspace, actor, "alert-delivery.retried", deliveryId.toString(), Map.of());
        afterCommitWake();
        return withAttempts(jdbc.sql("select d.*, c.name as channel_name from alert_delivery d"
                                + " join alert_channel c on c.id = d.channel_id where d.id = ?")
                        .param(deliveryId)
                        .query(Alerting::delivery)
                        .list())
                .get(0);
    }

    /** Sends a test message to the channel now and says whether it arrived. Nothing is queued. */
    public TestResult test(WorkspaceId workspace, UUID channelId, String actor) {
        AlertChannels.Stored channel = channels.find(workspace, channelId)
                .orElseThrow(() -> new AlertingNotFoundException("channel", channelId));
        UUID noticeId = UUID.randomUUID();
        Instant now = clock.instant();
        AlertMessage message = new AlertMessage(
                "test",
                noticeId,
                null,
                workspace.value(),
                now,
                "low",
                "test",
                new AlertMessage.CheckRef("test", "Test alert", null, null),
                new AlertMessage.ResourceRef(null, channel.name(), "alert-channel", channelId.toString(), null, null),
                new AlertMessage.Change(null, "PASS", null, new AlertMessage.State("PASS", null, "test")),
                now,
                null,
                false,
                List.of(),
                List.of(),
                List.of(),
                "");
        TestResult result;
        try {
            ChannelSender sender = senders.stream()
                    .filter(s -> s.type() == channel.type())
                    .findFirst()
                    .orElseThrow();
            result = new TestResult(
                    true, sender.send(List.of(message), channels.decrypted(channel), "vigil-test-" + noticeId));
        } catch (DeliveryException e) {
            result = new TestResult(false, e.getMessage());
        } catch (IllegalStateException e) {
            result = new TestResult(false, e.getMessage() + "; enter the channel's secret again");
        }
        audit.record(
                workspace,
                actor,
                "alert-channel.tested",
                channelId.toString(),
                Map.of("delivered", result.delivered()));
        return result;
    }

    private void afterCommitWake() {
        if (org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
            org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void afterCommit() {
                            worker.wake();
                        }
                    });
        } else {
            worker.wake();
        }
    }

    private Map<UUID, List<Notice>> notices(WorkspaceId workspace, List<UUID> alertIds) {
        record Row(UUID id, UUID alertId, String kind, String cause, String summary, Instant createdAt) {}
        List<Row> rows = jdbc.sql("select id, alert_id, kind, cause, payload, created_at from alert_notice"
                        + " where workspace_id = :workspace and alert_id in (:ids) order by created_at")
                .param("workspace", workspace.value())
                .param("ids", alertIds)
                .query((rs, row) -> new Row(
                        rs.getObject("id", UUID.class),
                        rs.getObject("alert_id", UUID.class),
                        rs.getString("kind"),
                        rs.getString("cause"),
                        summary(rs.getString("payload")),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
        Map<UUID, List<Delivery>> deliveries = new LinkedHashMap<>();
        if (!rows.isEmpty()) {
            withAttempts(jdbc.sql("select d.*, c.name as channel_name from alert_delivery d join alert_channel c"
                                    + " on c.id = d.channel_id where d.notice_id in (:ids) order by d.created_at")
                            .param("ids", rows.stream().map(Row::id).toList())
                            .query(Alerting::delivery)
                            .list())
                    .forEach(d -> deliveries
                            .computeIfAbsent(d.noticeId(), k -> new ArrayList<>())
                            .add(d));
        }
        Map<UUID, List<Notice>> byAlert = new LinkedHashMap<>();
        for (Row row : rows) {
            byAlert.computeIfAbsent(row.alertId(), k -> new ArrayList<>())
                    .add(new Notice(
                            row.id(),
                            row.kind(),
                            row.cause(),
                            row.summary(),
                            row.createdAt(),
                            deliveries.getOrDefault(row.id(), List.of())));
        }
        return byAlert;
    }

    private String summary(String payload) {
        AlertMessage message = json.readValue(payload, AlertMessage.class);
        return message.severityLabel() + " " + message.summary();
    }

    private List<Delivery> withAttempts(List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return deliveries;
        }
        Map<UUID, List<Attempt>> attempts = new LinkedHashMap<>();
        jdbc.sql("select delivery_id, attempted_at, succeeded, detail, duration_ms from alert_delivery_attempt"
                        + " where delivery_id in (:ids) order by attempted_at")
                .param("ids", deliveries.stream().map(Delivery::id).toList())
                .query((rs, row) -> {
                    attempts.computeIfAbsent(rs.getObject("delivery_id", UUID.class), k -> new ArrayList<>())
                            .add(new Attempt(
                                    rs.getTimestamp("attempted_at").toInstant(),
                                    rs.getBoolean("succeeded"),
                                    rs.getString("detail"),
                                    rs.getInt("duration_ms")));
                    return null;
                })
                .list();
        return deliveries.stream()
                .map(d -> new Delivery(
                        d.id(),
                        d.noticeId(),
                        d.channelId(),
                        d.channelName(),
                        d.mode(),
                        d.state(),
                        d.attempts(),
                        d.nextAttemptAt(),
                        d.lastError(),
                        d.deliveredAt(),
                        d.idempotencyKey(),
                        attempts.getOrDefault(d.id(), List.of())))
                .toList();
    }

    private Alert alert(ResultSet rs, int row) throws SQLException {
        return new Alert(
                rs.getObject("id", UUID.class),
                rs.getString("check_id"),
                rs.getObject("resource_id", UUID.class),
                rs.getString("state"),
                rs.getString("severity"),
                rs.getString("status"),
                rs.getString("reason"),
                rs.getBoolean("flapping"),
                rs.getTimestamp("opened_at").toInstant(),
                instant(rs, "resolved_at"),
                instant(rs, "previously_resolved_at"),
                List.of());
    }

    private static Delivery delivery(ResultSet rs, int row) throws SQLException {
        return new Delivery(
                rs.getObject("id", UUID.class),
                rs.getObject("notice_id", UUID.class),
                rs.getObject("channel_id", UUID.class),
                rs.getString("channel_name"),
                rs.getString("mode"),
                rs.getString("state"),
                rs.getInt("attempts"),
                instant(rs, "next_attempt_at"),
                rs.getString("last_error"),
                instant(rs, "delivered_at"),
                rs.getString("idempotency_key"),
                List.of());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
