package dev.vigil.integration;

import dev.vigil.workspace.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for integrations and their runs. Every statement is scoped by workspace. */
@Repository
class IntegrationStore {

    private static final String COLUMNS = "id, workspace_id, connector, name, config, interval_minutes, enabled,"
            + " timeout_seconds, created_at, created_by, updated_at, updated_by";
    private static final String RUN_COLUMNS = "id, integration_id, trigger, status, progress, started_at,"
            + " finished_at, resources_seen, resources_changed, error_category, error";

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    IntegrationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored integration with its full settings (secrets included): never leaves this package. */
    record StoredIntegration(
            UUID id,
            WorkspaceId workspaceId,
            String connector,
            String name,
            Map<String, Object> config,
            int intervalMinutes,
            boolean enabled,
            int timeoutSeconds,
            Instant createdAt,
            String createdBy,
            Instant updatedAt,
            String updatedBy) {}

    List<StoredIntegration> all(WorkspaceId workspace) {
        return jdbc.sql("select " + COLUMNS + " from integration where workspace_id = ? and deleted_at is null"
                        + " order by name, id")
                .param(workspace.value())
                .query(this::map)
                .list();
    }

    /** Enabled integrations of every workspace, for start-up scheduling. */
    List<StoredIntegration> allEnabled() {
        return jdbc.sql("select " + COLUMNS + " from integration where enabled and deleted_at is null")
                .query(this::map)
                .list();
    }

    /** Whether an inbound event asked for a run after {@code since}. */
    boolean eventRequestedSince(UUID id, Instant since) {
        return jdbc.sql("select count(*) from integration_event where integration_id = ? and received_at > ?")
                        .params(id, java.sql.Timestamp.from(since))
                        .query(Integer.class)
                        .single()
                > 0;
    }

    Optional<StoredIntegration> find(WorkspaceId workspace, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from integration where workspace_id = ? and id = ?"
                        + " and deleted_at is null")
                .params(workspace.value(), id)
                .query(this::map)
                .optional();
    }

    boolean nameTaken(WorkspaceId workspace, String name, UUID except) {
        return jdbc.sql("select count(*) from integration where workspace_id = ? and lower(name) = lower(?)"
                                + " and id <> ? and deleted_at is null")
                        .params(workspace.value(), name, except == null ? new UUID(0, 0) : except)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    void insert(StoredIntegration integration) {
        jdbc.sql("insert into integration (" + COLUMNS + ") values (?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        integration.id(),
                        integration.workspaceId().value(),
                        integration.connector(),
                        integration.name(),
                        json.writeValueAsString(integration.config()),
                        integration.intervalMinutes(),
                        integration.enabled(),
                        integration.timeoutSeconds(),
                        Timestamp.from(integration.createdAt()),
                        integration.createdBy(),
                        Timestamp.from(integration.updatedAt()),
                        integration.updatedBy())
                .update();
    }

    void update(StoredIntegration integration) {
        jdbc.sql("update integration set name = ?, config = cast(? as jsonb), interval_minutes = ?, enabled = ?,"
                        + " timeout_seconds = ?, updated_at = ?, updated_by = ? where workspace_id = ? and id = ?")
                .params(
                        integration.name(),
                        json.writeValueAsString(integration.config()),
                        integration.intervalMinutes(),
                        integration.enabled(),
                        integration.timeoutSeconds(),
                        Timestamp.from(integration.updatedAt()),
                        integration.updatedBy(),
                        integration.workspaceId().value(),
                        integration.id())
                .update();
    }

    /** Marks the integration deleted; its row, resources and evidence stay for the audit period. */
    boolean delete(WorkspaceId workspace, UUID id, String actor, Instant at) {
        return jdbc.sql("update integration set deleted_at = ?, deleted_by = ?, enabled = false"
                                + " where workspace_id = ? and id = ? and deleted_at is null")
                        .params(Timestamp.from(at), actor, workspace.value(), id)
                        .update()
                > 0;
    }

    // --- runs

    /**
     * Opens a run. Returns empty when another run of the integration is still marked running (the partial
     * unique index refuses a second one).
     */
    Optional<UUID> startRun(WorkspaceId workspace, UUID integrationId, String trigger, Instant at) {
        UUID id = UUID.randomUUID();
        int inserted = jdbc.sql("insert into collection_run (id, workspace_id, integration_id, trigger, status,"
                        + " progress, started_at) values (?, ?, ?, ?, 'RUNNING', 'starting', ?)"
                        + " on conflict (integration_id) where status = 'RUNNING' do nothing")
                .params(id, workspace.value(), integrationId, trigger, Timestamp.from(at))
                .update();
        return inserted == 1 ? Optional.of(id) : Optional.empty();
    }

    void progress(WorkspaceId workspace, UUID runId, String step) {
        jdbc.sql("update collection_run set progress = ? where workspace_id = ? and id = ? and status = 'RUNNING'")
                .params(step.length() > 200 ? step.substring(0, 200) : step, workspace.value(), runId)
                .update();
    }

    void succeed(WorkspaceId workspace, UUID runId, int seen, int changed, Instant at) {
        succeed(workspace, runId, seen, changed, at, null);
    }

    /**
     * Ends a run that recorded what it saw.
     *
     * @param unread what could not be read, or {@code null}: the run is PARTIAL with that as its error
     */
    void succeed(WorkspaceId workspace, UUID runId, int seen, int changed, Instant at, String unread) {
        jdbc.sql("update collection_run set status = ?, progress = null, finished_at = ?, resources_seen = ?,"
                        + " resources_changed = ?, error_category = ?, error = ? where workspace_id = ? and id = ?")
                .params(
                        unread == null ? "SUCCEEDED" : "PARTIAL",
                        Timestamp.from(at),
                        seen,
                        changed,
                        unread == null ? null : "partial",
                        unread,
                        workspace.value(),
                        runId)
                .update();
    }

    void fail(WorkspaceId workspace, UUID runId, String category, String error, Instant at) {
        jdbc.sql("update collection_run set status = 'FAILED', progress = null, finished_at = ?, error_category = ?,"
                        + " error = ? where workspace_id = ? and id = ?")
                .params(Timestamp.from(at), category, error, workspace.value(), runId)
                .update();
    }

    /** Marks runs of one integration left RUNNING by a stopped process as failed. */
    int abandonRunning(WorkspaceId workspace, UUID integrationId, String why, Instant at) {
        return jdbc.sql("update collection_run set status = 'FAILED', progress = null, finished_at = ?,"
                        + " error_category = 'internal', error = ? where workspace_id = ? and integration_id = ?"
                        + " and status = 'RUNNING'")
                .params(Timestamp.from(at), why, workspace.value(), integrationId)
                .update();
    }

    /** Runs left RUNNING whose scheduler execution is no longer picked by any node. */
    int abandonOrphanedRuns(String taskName, String why, Instant at) {
        return jdbc.sql("update collection_run r set status = 'FAILED', progress = null, finished_at = ?,"
                        + " error_category = 'internal', error = ? where status = 'RUNNING' and not exists"
                        + " (select 1 from scheduled_tasks t where t.task_name = ?"
                        + " and t.task_instance = r.integration_id::text and t.picked)")
                .params(Timestamp.from(at), why, taskName)
                .update();
    }

    Optional<CollectionRun> run(WorkspaceId workspace, UUID runId) {
        return jdbc.sql("select " + RUN_COLUMNS + " from collection_run where workspace_id = ? and id = ?")
                .params(workspace.value(), runId)
                .query(IntegrationStore::mapRun)
                .optional();
    }

    /** Runs newest first; {@code before} is the id of the last run of the previous page. */
    List<CollectionRun> runs(WorkspaceId workspace, UUID integrationId, UUID before, int limit) {
        String keyset = before == null
                ? ""
                : " and (started_at, id) < (select started_at, id from collection_run where workspace_id = :workspace"
                        + " and id = :before)";
        var statement = jdbc.sql("select " + RUN_COLUMNS + " from collection_run where workspace_id = :workspace"
                        + " and integration_id = :integration" + keyset
                        + " order by started_at desc, id desc limit :limit")
                .param("workspace", workspace.value())
                .param("integration", integrationId)
                .param("limit", limit);
        if (before != null) {
            statement = statement.param("before", before);
        }
        return statement.query(IntegrationStore::mapRun).list();
    }

    Optional<CollectionRun> latestRun(WorkspaceId workspace, UUID integrationId) {
        return runs(workspace, integrationId, null, 1).stream().findFirst();
    }

    Optional<Instant> lastSuccess(WorkspaceId workspace, UUID integrationId) {
        return jdbc.sql("select max(finished_at) from collection_run where workspace_id = ? and integration_id = ?"
                        + " and status in ('SUCCEEDED', 'PARTIAL')")
                .params(workspace.value(), integrationId)
                .query((rs, row) ->
                        rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant())
                .optional();
    }

    private StoredIntegration map(ResultSet rs, int row) throws SQLException {
        return new StoredIntegration(
                rs.getObject("id", UUID.class),
                WorkspaceId.of(rs.getObject("workspace_id", UUID.class)),
                rs.getString("connector"),
                rs.getString("name"),
                json.readValue(rs.getString("config"), new TypeReference<Map<String, Object>>() {}),
                rs.getInt("interval_minutes"),
                rs.getBoolean("enabled"),
                rs.getInt("timeout_seconds"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("created_by"),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getString("updated_by"));
    }

    private static CollectionRun mapRun(ResultSet rs, int row) throws SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        return new CollectionRun(
                rs.getObject("id", UUID.class),
                rs.getObject("integration_id", UUID.class),
                rs.getString("trigger"),
                CollectionRun.RunStatus.valueOf(rs.getString("status")),
                rs.getString("progress"),
                rs.getTimestamp("started_at").toInstant(),
                finished == null ? null : finished.toInstant(),
                rs.getInt("resources_seen"),
                rs.getInt("resources_changed"),
                rs.getString("error_category"),
                rs.getString("error"));
    }
}
