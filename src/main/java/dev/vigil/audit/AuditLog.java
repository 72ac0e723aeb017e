package dev.vigil.audit;

import dev.vigil.platform.CanonicalJson;
import dev.vigil.workspace.WorkspaceId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Appends to, reads and verifies the audit log. */
@Service
public class AuditLog {

    static final String GENESIS = "0".repeat(64);
    private static final String COLUMNS = "id, sequence, workspace_id, occurred_at, actor, action, target, details,"
            + " remote_address, previous_hash, record_hash";

    private final JdbcClient jdbc;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Appends an entry. Joins the caller's transaction, so the entry commits with the change it records; the
     * address of the current HTTP request, if any, is recorded too.
     */
    @Transactional(propagation = Propagation.REQUIRED)
    public AuditEvent record(
            WorkspaceId workspace, String actor, String action, String target, Map<String, ?> details) {
        // One chain for the installation: a transaction-scoped advisory lock keeps concurrent writers in line.
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended('audit-log', 0))")
                .query()
                .singleValue();
        record Tip(long sequence, String hash) {}
        Tip tip = jdbc.sql("select sequence, record_hash from audit_event order by sequence desc limit 1")
                .query((rs, row) -> new Tip(rs.getLong(1), rs.getString(2)))
                .optional()
                .orElse(new Tip(0, GENESIS));
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Map<String, Object> content = new LinkedHashMap<>(details == null ? Map.of() : details);
        String remote = remoteAddress();
        long sequence = tip.sequence() + 1;
        UUID id = UUID.randomUUID();
        UUID workspaceId = workspace == null ? null : workspace.value();
        String hash = hash(sequence, workspaceId, at, actor, action, target, content, remote, tip.hash());
        jdbc.sql("insert into audit_event (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?)")
                .params(
                        id,
                        sequence,
                        workspaceId,
                        Timestamp.from(at),
                        actor,
                        action,
                        target,
                        CanonicalJson.write(content),
                        remote,
                        tip.hash(),
                        hash)
                .update();
        return new AuditEvent(id, sequence, workspaceId, at, actor, action, target, content, remote, tip.hash(), hash);
    }

    /**
     * A workspace's entries, newest first.
     *
     * @param action exact action or a prefix ending in a dot ({@code integration.}), or {@code null}
     * @param before the sequence of the last entry of the previous page, or {@code null}
     */
    public List<AuditEvent> page(WorkspaceId workspace, String action, String actor, Long before, int limit) {
        StringBuilder sql =
                new StringBuilder("select " + COLUMNS + " from audit_event where workspace_id = :workspace");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("workspace", workspace.value());
        if (action != null && !action.isBlank()) {
            if (action.endsWith(".")) {
                sql.append(" and starts_with(action, :action)");
            } else {
                sql.append(" and action = :action");
            }
            params.put("action", action);
        }
        if (actor != null && !actor.isBlank()) {
            sql.append(" and actor = :actor");
            params.put("actor", actor);
        }
        if (before != null) {
            sql.append(" and sequence < :before");
            params.put("before", before);
        }
        sql.append(" order by sequence desc limit :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString()).params(params).query(AuditLog::map).list();
    }

    /** Writes a workspace's entries, oldest first, as JSON Lines (one entry per line) for a SIEM. */
    @Transactional(readOnly = true)
    public int exportJsonLines(WorkspaceId workspace, Writer out) {
        int[] count = {0};
        jdbc.sql("select " + COLUMNS + " from audit_event where workspace_id = ? order by sequence")
                .param(workspace.value())
                .query((ResultSet rs) -> {
                    AuditEvent event = map(rs, count[0]);
                    try {
                        out.write(CanonicalJson.write(event));
                        out.write('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    count[0]++;
                });
        return count[0];
    }

    /** Result of recomputing the chain. */
    public record Verification(boolean intact, long entries, Long brokenAtSequence) {}

    /** Recomputes the whole chain; names the first entry whose hashes do not match. */
    @Transactional(readOnly = true)
    public Verification verify() {
        String previous = GENESIS;
        long expected = 1;
        List<AuditEvent> events = jdbc.sql("select " + COLUMNS + " from audit_event order by sequence")
                .query(AuditLog::map)
                .list();
        for (AuditEvent event : events) {
            boolean intact = event.sequence() == expected
                    && event.previousHash().equals(previous)
                    && event.recordHash()
                            .equals(hash(
                                    event.sequence(),
                                    event.workspaceId(),
                                    event.occurredAt(),
                                    event.actor(),
                                    event.action(),
                                    event.target(),
                                    event.details(),
                                    event.remoteAddress(),
                                    previous));
            if (!intact) {
                return new Verification(false, events.size(), event.sequence());
            }
            previous = event.recordHash();
            expected++;
        }
        return new Verification(true, events.size(), null);
    }

    public Optional<AuditEvent> latest() {
        return jdbc.sql("select " + COLUMNS + " from audit_event order by sequence desc limit 1")
                .query(AuditLog::map)
                .optional();
    }

    private static String hash(
            long sequence,
            UUID workspace,
            Instant at,
            String actor,
            String action,
            String target,
            Map<String, Object> details,
            String remote,
            String previous) {
        return CanonicalJson.sha256(sequence + "|" + workspace + "|" + at + "|" + actor + "|" + action + "|" + target
                + "|" + CanonicalJson.write(details) + "|" + remote + "|" + previous);
    }

    private static String remoteAddress() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes instanceof ServletRequestAttributes servlet) {
            return servlet.getRequest().getRemoteAddr();
        }
        return null;
    }

    private static AuditEvent map(ResultSet rs, int row) throws SQLException {
        return new AuditEvent(
                rs.getObject("id", UUID.class),
                rs.getLong("sequence"),
                rs.getObject("workspace_id", UUID.class),
                rs.getTimestamp("occurred_at").toInstant(),
                rs.getString("actor"),
                rs.getString("action"),
                rs.getString("target"),
                CanonicalJson.readDocument(rs.getString("details")),
                rs.getString("remote_address"),
                rs.getString("previous_hash"),
                rs.getString("record_hash"));
    }
}
