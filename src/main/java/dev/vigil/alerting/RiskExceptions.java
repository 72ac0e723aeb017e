package dev.vigil.alerting;

import dev.vigil.audit.AuditLog;
import dev.vigil.catalog.FrameworkCatalog;
import dev.vigil.inventory.Inventory;
import dev.vigil.workspace.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Accepted-risk exceptions: requested with a reason, approved by a different person, always expiring. */
@Service
public class RiskExceptions {

    /** An exception may last at most a year; risk is accepted again, consciously, after that. */
    static final Duration LONGEST = Duration.ofDays(366);

    private final JdbcClient jdbc;
    private final FrameworkCatalog catalog;
    private final Inventory inventory;
    private final AuditLog audit;
    private final Clock clock;

    RiskExceptions(JdbcClient jdbc, FrameworkCatalog catalog, Inventory inventory, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.inventory = inventory;
        this.audit = audit;
        this.clock = clock;
    }

    /** What a person asks to accept. */
    public record Request(String checkId, UUID resourceId, String reason, Instant expiresAt) {}

    public List<RiskException> list(WorkspaceId workspace) {
        return jdbc.sql("select * from risk_exception where workspace_id = ? order by requested_at desc")
                .param(workspace.value())
                .query(this::map)
                .list();
    }

    public RiskException get(WorkspaceId workspace, UUID id) {
        return jdbc.sql("select * from risk_exception where workspace_id = ? and id = ?")
                .params(workspace.value(), id)
                .query(this::map)
                .optional()
                .orElseThrow(() -> new AlertingNotFoundException("exception", id));
    }

    @Transactional
    public RiskException request(WorkspaceId workspace, Request request, String actor) {
        Map<String, String> errors = new LinkedHashMap<>();
        Instant now = clock.instant();
        if (request.checkId() == null || catalog.check(request.checkId()).isEmpty()) {
            errors.put("checkId", "no check with id '" + request.checkId() + "'");
        }
        if (request.resourceId() == null
                || inventory.find(workspace, request.resourceId()).isEmpty()) {
            errors.put("resourceId", "no resource with id " + request.resourceId() + " in this workspace");
        }
        if (request.reason() == null || request.reason().strip().length() < 10) {
            errors.put("reason", "explain in at least 10 characters why the risk is accepted");
        }
        if (request.expiresAt() == null) {
            errors.put("expiresAt", "is required; an exception always ends");
        } else if (!request.expiresAt().isAfter(now)) {
            errors.put("expiresAt", "must be in the future");
        } else if (request.expiresAt().isAfter(now.plus(LONGEST))) {
            errors.put("expiresAt", "must be within a year");
        }
        if (!errors.isEmpty()) {
            throw new InvalidAlertingException(errors);
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into risk_exception (id, workspace_id, check_id, resource_id, reason, requested_by,"
                        + " requested_at, expires_at) values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        id,
                        workspace.value(),
                        request.checkId(),
                        request.resourceId(),
                        request.reason().strip(),
                        actor,
                        Timestamp.from(now),
                        Timestamp.from(request.expiresAt()))
                .update();
        audit.record(
                workspace,
                actor,
                "exception.requested",
                id.toString(),
                Map.of(
                        "checkId", request.checkId(),
                        "resourceId", request.resourceId().toString(),
                        "expiresAt", request.expiresAt().toString()));
        return get(workspace, id);
    }

    /**
     * Approves a pending exception. The open alert of its (check, resource), if any, is closed as accepted.
     *
     * @throws InvalidAlertingException when the approver asked for it, or it is not pending
     */
    @Transactional
    public RiskException approve(WorkspaceId workspace, UUID id, String actor) {
        RiskException exception = get(workspace, id);
        if (!exception.state().equals("PENDING")) {
            throw new InvalidAlertingException(
                    Map.of("state", "only a pending exception can be approved; this one is " + exception.state()));
        }
        if (exception.askedBy(actor)) {
            throw new InvalidAlertingException(Map.of(
                    "approvedBy", "an exception must be approved by someone other than the person who asked for it"));
        }
        Instant now = clock.instant();
        jdbc.sql("update risk_exception set approved_by = ?, approved_at = ? where workspace_id = ? and id = ?")
                .params(actor, Timestamp.from(now), workspace.value(), id)
                .update();
        jdbc.sql("update alert set state = 'RESOLVED', resolved_at = ? where workspace_id = ? and check_id = ?"
                        + " and resource_id = ? and state in ('OPEN', 'AT_RISK')")
                .params(Timestamp.from(now), workspace.value(), exception.checkId(), exception.resourceId())
                .update();
        audit.record(workspace, actor, "exception.approved", id.toString(), Map.of("checkId", exception.checkId()));
        return get(workspace, id);
    }

    @Transactional
    public RiskException revoke(WorkspaceId workspace, UUID id, String actor) {
        RiskException exception = get(workspace, id);
        if (exception.state().equals("REVOKED") || exception.state().equals("EXPIRED")) {
            throw new InvalidAlertingException(Map.of("state", "the exception has already ended"));
        }
        jdbc.sql("update risk_exception set revoked_by = ?, revoked_at = ? where workspace_id = ? and id = ?")
                .params(actor, Timestamp.from(clock.instant()), workspace.value(), id)
                .update();
        audit.record(workspace, actor, "exception.revoked", id.toString(), Map.of("checkId", exception.checkId()));
        return get(workspace, id);
    }

    /** The person behind an actor, whether they acted in the UI ({@code user:a@b}) or with a token. */
    static String person(String actor) {
        int open = actor.lastIndexOf('(');
        if (actor.startsWith("token:") && open >= 0 && actor.endsWith(")")) {
            return actor.substring(open + 1, actor.length() - 1);
        }
        return actor.startsWith("user:") ? actor.substring("user:".length()) : actor;
    }

    /** Whether an approved, unexpired, unrevoked exception covers the (check, resource) at {@code at}. */
    boolean covers(WorkspaceId workspace, String checkId, UUID resourceId, Instant at) {
        return jdbc.sql("select count(*) from risk_exception where workspace_id = ? and check_id = ?"
                                + " and resource_id = ? and approved_at is not null and revoked_at is null"
                                + " and expires_at > ?")
                        .params(workspace.value(), checkId, resourceId, Timestamp.from(at))
                        .query(Integer.class)
                        .single()
                > 0;
    }

    /** Approved exceptions that expired and whose expiry has not been handled yet. */
    List<RiskException> expiredUnhandled(Instant now) {
        return jdbc.sql("select * from risk_exception where approved_at is not null and revoked_at is null"
                        + " and expiry_handled_at is null and expires_at <= ? order by expires_at limit 100")
                .param(Timestamp.from(now))
                .query(this::map)
                .list();
    }

    /** Workspace of an exception, for the expiry sweep. */
    WorkspaceId workspaceOf(UUID id) {
        return WorkspaceId.of(jdbc.sql("select workspace_id from risk_exception where id = ?")
                .param(id)
                .query(UUID.class)
                .single());
    }

    /** Marks an expiry handled; false when another node already did. */
    boolean markExpiryHandled(UUID id, Instant now) {
        return jdbc.sql("update risk_exception set expiry_handled_at = ? where id = ? and expiry_handled_at is null")
                        .params(Timestamp.from(now), id)
                        .update()
                == 1;
    }

    private RiskException map(ResultSet rs, int row) throws SQLException {
        Instant expires = rs.getTimestamp("expires_at").toInstant();
        String state;
        if (rs.getTimestamp("revoked_at") != null) {
            state = "REVOKED";
        } else if (!expires.isAfter(clock.instant())) {
            state = "EXPIRED";
        } else if (rs.getTimestamp("approved_at") != null) {
            state = "ACTIVE";
        } else {
            state = "PENDING";
        }
        return new RiskException(
                rs.getObject("id", UUID.class),
                rs.getString("check_id"),
                rs.getObject("resource_id", UUID.class),
                rs.getString("reason"),
                rs.getString("requested_by"),
                rs.getTimestamp("requested_at").toInstant(),
                expires,
                rs.getString("approved_by"),
                instant(rs, "approved_at"),
                rs.getString("revoked_by"),
                instant(rs, "revoked_at"),
                state);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
