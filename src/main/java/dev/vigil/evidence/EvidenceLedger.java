package dev.vigil.evidence;

import dev.vigil.platform.CanonicalJson;
import dev.vigil.workspace.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Appends and reads evidence. Appends within a workspace are serialized so the chain has no forks. */
@Service
public class EvidenceLedger {

    static final String GENESIS = "0".repeat(64);
    private static final String COLUMNS = "id, workspace_id, sequence, resource_id, run_id, observed_at, content,"
            + " content_hash, previous_hash, record_hash";

    private final JdbcClient jdbc;

    EvidenceLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Appends one observation to the workspace's chain. Joins the caller's transaction, so evidence and the
     * state derived from it commit together.
     */
    @Transactional(propagation = Propagation.REQUIRED)
    public EvidenceRecord append(
            WorkspaceId workspace, UUID resourceId, UUID runId, Instant observedAt, Map<String, Object> content) {
        // One chain per workspace: a transaction-scoped advisory lock keeps concurrent runs from forking it.
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 0))")
                .param("evidence:" + workspace.value())
                .query()
                .singleValue();
        record Tip(long sequence, String hash) {}
        Tip tip = jdbc.sql("select sequence, record_hash from evidence where workspace_id = ?"
                        + " order by sequence desc limit 1")
                .param(workspace.value())
                .query((rs, row) -> new Tip(rs.getLong(1), rs.getString(2)))
                .optional()
                .orElse(new Tip(0, GENESIS));
        Instant at = observedAt.truncatedTo(ChronoUnit.MICROS);
        String json = CanonicalJson.write(content);
        String contentHash = sha256(json);
        long sequence = tip.sequence() + 1;
        String recordHash = recordHash(sequence, resourceId, runId, at, contentHash, tip.hash());
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into evidence (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?)")
                .params(
                        id,
                        workspace.value(),
                        sequence,
                        resourceId,
                        runId,
                        Timestamp.from(at),
                        json,
                        contentHash,
                        tip.hash(),
                        recordHash)
                .update();
        return new EvidenceRecord(
                id, workspace, sequence, resourceId, runId, at, content, contentHash, tip.hash(), recordHash);
    }

    public Optional<EvidenceRecord> find(WorkspaceId workspace, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from evidence where workspace_id = ? and id = ?")
                .params(workspace.value(), id)
                .query(this::map)
                .optional();
    }

    /** The most recent observation of a resource. */
    public Optional<EvidenceRecord> latest(WorkspaceId workspace, UUID resourceId) {
        return history(workspace, resourceId, 1).stream().findFirst();
    }

    /** Observations of a resource, newest first. */
    public List<EvidenceRecord> history(WorkspaceId workspace, UUID resourceId, int limit) {
        return jdbc.sql("select " + COLUMNS + " from evidence where workspace_id = ? and resource_id = ?"
                        + " order by observed_at desc, sequence desc limit ?")
                .params(workspace.value(), resourceId, limit)
                .query(this::map)
                .list();
    }

    /**
     * Recomputes the workspace's chain.
     *
     * @return the sequence of the first record whose hashes do not match, or empty when the chain is intact
     */
    @Transactional(readOnly = true)
    public Optional<Long> firstBrokenRecord(WorkspaceId workspace) {
        String previous = GENESIS;
        long expectedSequence = 1;
        for (EvidenceRecord record : jdbc.sql(
                        "select " + COLUMNS + " from evidence where workspace_id = ?" + " order by sequence")
                .param(workspace.value())
                .query(this::map)
                .list()) {
            String contentHash = sha256(CanonicalJson.write(record.content()));
            boolean intact = record.sequence() == expectedSequence
                    && record.previousHash().equals(previous)
                    && record.contentHash().equals(contentHash)
                    && record.recordHash()
                            .equals(recordHash(
                                    record.sequence(),
                                    record.resourceId(),
                                    record.runId(),
                                    record.observedAt(),
                                    contentHash,
                                    previous));
            if (!intact) {
                return Optional.of(record.sequence());
            }
            previous = record.recordHash();
            expectedSequence++;
        }
        return Optional.empty();
    }

    private EvidenceRecord map(ResultSet rs, int row) throws SQLException {
        return new EvidenceRecord(
                rs.getObject("id", UUID.class),
                WorkspaceId.of(rs.getObject("workspace_id", UUID.class)),
                rs.getLong("sequence"),
                rs.getObject("resource_id", UUID.class),
                rs.getObject("run_id", UUID.class),
                rs.getTimestamp("observed_at").toInstant(),
                CanonicalJson.readDocument(rs.getString("content")),
                rs.getString("content_hash"),
                rs.getString("previous_hash"),
                rs.getString("record_hash"));
    }

    private static String recordHash(
            long sequence, UUID resourceId, UUID runId, Instant at, String contentHash, String previous) {
        return sha256(sequence + "|" + resourceId + "|" + runId + "|" + at + "|" + contentHash + "|" + previous);
    }

    private static String sha256(String text) {
        return CanonicalJson.sha256(text);
    }
}
