package dev.vigil.evidence;

import dev.vigil.audit.AuditLog;
import dev.vigil.catalog.EvidenceTaskDefinition;
import dev.vigil.catalog.FrameworkCatalog;
import dev.vigil.workspace.WorkspaceId;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Recurring manual evidence: which tasks a workspace must keep current, the documents provided for them, and
 * whether each is current, overdue or missing. Uploads are append-only; the newest effective date counts.
 */
@Service
public class EvidenceTasks {

    private static final Logger log = LoggerFactory.getLogger(EvidenceTasks.class);

    /** Largest document accepted. */
    public static final long MAX_BYTES = 25L * 1024 * 1024;

    private static final String COLUMNS = "id, task_id, file_name, content_type, size_bytes, sha256, effective_date,"
            + " note, uploaded_at, uploaded_by";

    private final JdbcClient jdbc;
    private final FrameworkCatalog catalog;
    private final AuditLog audit;
    private final Clock clock;

    EvidenceTasks(JdbcClient jdbc, FrameworkCatalog catalog, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.audit = audit;
        this.clock = clock;
    }

    /** Every task of the catalog with its state in the workspace, in catalog order. */
    public List<TaskStatus> statuses(WorkspaceId workspace) {
        Map<String, EvidenceUpload> latest = new LinkedHashMap<>();
        jdbc.sql("select distinct on (task_id) " + COLUMNS + " from evidence_upload where workspace_id = ?"
                        + " order by task_id, effective_date desc, uploaded_at desc")
                .param(workspace.value())
                .query(EvidenceTasks::map)
                .list()
                .forEach(upload -> latest.put(upload.taskId(), upload));
        LocalDate today = today();
        return catalog.evidenceTasks().stream()
                .map(task -> TaskStatus.of(task, latest.get(task.id()), today))
                .toList();
    }

    public Optional<TaskStatus> status(WorkspaceId workspace, String taskId) {
        return statuses(workspace).stream()
                .filter(s -> s.task().id().equals(taskId))
                .findFirst();
    }

    /** Uploads of one task, newest effective date first. */
    public List<EvidenceUpload> uploads(WorkspaceId workspace, String taskId) {
        return jdbc.sql("select " + COLUMNS + " from evidence_upload where workspace_id = ? and task_id = ?"
                        + " order by effective_date desc, uploaded_at desc")
                .params(workspace.value(), taskId)
                .query(EvidenceTasks::map)
                .list();
    }

    public Optional<EvidenceUpload> upload(WorkspaceId workspace, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from evidence_upload where workspace_id = ? and id = ?")
                .params(workspace.value(), id)
                .query(EvidenceTasks::map)
                .optional();
    }

    /** The stored bytes of an upload. */
    public Optional<byte[]> content(WorkspaceId workspace, UUID id) {
        return jdbc.sql("select content from evidence_upload where workspace_id = ? and id = ?")
                .params(workspace.value(), id)
                .query((rs, row) -> rs.getBytes(1))
                .optional();
    }

    /**
     * Stores a document for a task.
     *
     * @throws InvalidUploadException naming each invalid field: empty or oversized file, missing or future
     *     effective date, a note over 2,000 characters
     * @throws IllegalArgumentException for an unknown task id
     */
    @Transactional
    public EvidenceUpload add(
            WorkspaceId workspace,
            String taskId,
            String fileName,
            String contentType,
            byte[] content,
            LocalDate effectiveDate,
            String note,
            String actor) {
        EvidenceTaskDefinition task = catalog.evidenceTask(taskId)
                .orElseThrow(() -> new IllegalArgumentException("no evidence task '" + taskId + "'"));
        Map<String, String> errors = new LinkedHashMap<>();
        if (content == null || content.length == 0) {
            errors.put("file", "is required and must not be empty");
        } else if (content.length > MAX_BYTES) {
            errors.put("file", "must be at most " + MAX_BYTES / (1024 * 1024) + " MB");
        }
        if (effectiveDate == null) {
            errors.put("effectiveDate", "is required: the date the document speaks for");
        } else if (effectiveDate.isAfter(today())) {
            errors.put("effectiveDate", "must not be in the future");
        }
        if (note != null && note.length() > 2000) {
            errors.put("note", "must be at most 2000 characters");
        }
        if (!errors.isEmpty()) {
            throw new InvalidUploadException(errors);
        }
        String name = safeFileName(fileName);
        String type = contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType;
        UUID id = UUID.randomUUID();
        String hash = sha256(content);
        var now = clock.instant();
        jdbc.sql("insert into evidence_upload (id, workspace_id, task_id, file_name, content_type, size_bytes, sha256,"
                        + " content, effective_date, note, uploaded_at, uploaded_by)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        id,
                        workspace.value(),
                        task.id(),
                        name,
                        type,
                        (long) content.length,
                        hash,
                        content,
                        effectiveDate,
                        note == null || note.isBlank() ? null : note.strip(),
                        Timestamp.from(now),
                        actor)
                .update();
        log.info(
                "Evidence for task '{}' uploaded by {}: {} ({} bytes, sha256 {}), effective {}",
                task.id(),
                actor,
                name,
                content.length,
                hash,
                effectiveDate);
        return new EvidenceUpload(
                id,
                task.id(),
                name,
                type,
                content.length,
                hash,
                effectiveDate,
                note == null || note.isBlank() ? null : note.strip(),
                now,
                actor);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** Keeps the last path segment and drops characters that would break a download header or a file system. */
    static String safeFileName(String fileName) {
        String name = fileName == null ? "" : fileName.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1)
                .replaceAll("[\\p{Cntrl}\"]", "")
                .strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return "evidence";
        }
        return name.length() > 200 ? name.substring(name.length() - 200) : name;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static EvidenceUpload map(ResultSet rs, int row) throws SQLException {
        return new EvidenceUpload(
                rs.getObject("id", UUID.class),
                rs.getString("task_id"),
                rs.getString("file_name"),
                rs.getString("content_type"),
                rs.getLong("size_bytes"),
                rs.getString("sha256"),
                rs.getObject("effective_date", LocalDate.class),
                rs.getString("note"),
                rs.getTimestamp("uploaded_at").toInstant(),
                rs.getString("uploaded_by"));
    }
}
