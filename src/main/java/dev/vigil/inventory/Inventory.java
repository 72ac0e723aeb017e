package dev.vigil.inventory;

import dev.vigil.connector.ObservedResource;
import dev.vigil.platform.CanonicalJson;
import dev.vigil.workspace.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;

/** The resources every integration reports, as current snapshots. */
@Service
public class Inventory {

    private static final String COLUMNS = "id, workspace_id, integration_id, type, external_id, name, attributes,"
            + " unknown, content_hash, first_seen_at, last_seen_at, changed_at, gone_at";

    private final JdbcClient jdbc;

    Inventory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Upserts what one run observed. Resources with an unchanged content hash only get their last-seen time
     * updated; resources the run did not report are marked gone.
     */
    @Transactional
    public InventoryUpdate record(
            WorkspaceId workspace, UUID integrationId, List<ObservedResource> observed, Instant observedAt) {
        Map<String, ResourceRecord> existing = new LinkedHashMap<>();
        for (ResourceRecord record : forIntegration(workspace, integrationId, true)) {
            existing.put(key(record.type(), record.externalId()), record);
        }
        List<ResourceRecord> seen = new ArrayList<>();
        List<ResourceRecord> changed = new ArrayList<>();
        Map<String, ObservedResource> latest = new LinkedHashMap<>();
        observed.forEach(resource -> latest.put(key(resource.type(), resource.externalId()), resource));
        Timestamp at = Timestamp.from(observedAt);
        for (Map.Entry<String, ObservedResource> entry : latest.entrySet()) {
            ObservedResource resource = entry.getValue();
            String hash = contentHash(resource);
            ResourceRecord before = existing.remove(entry.getKey());
            if (before == null) {
                UUID id = UUID.randomUUID();
                jdbc.sql("insert into resource (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, cast(? as jsonb),"
                                + " cast(? as jsonb), ?, ?, ?, ?, null)")
                        .params(
                                id,
                                workspace.value(),
                                integrationId,
                                resource.type(),
                                resource.externalId(),
                                resource.name(),
                                json(resource.attributes()),
                                json(resource.unknown()),
                                hash,
                                at,
                                at,
                                at)
                        .update();
                ResourceRecord record = find(workspace, id).orElseThrow();
                seen.add(record);
                changed.add(record);
            } else if (!before.contentHash().equals(hash) || before.goneAt() != null) {
                jdbc.sql("update resource set name = ?, attributes = cast(? as jsonb), unknown = cast(? as jsonb),"
                                + " content_hash = ?, last_seen_at = ?, changed_at = ?, gone_at = null"
                                + " where workspace_id = ? and id = ?")
                        .params(
                                resource.name(),
                                json(resource.attributes()),
                                json(resource.unknown()),
                                hash,
                                at,
                                at,
                                workspace.value(),
                                before.id())
                        .update();
                ResourceRecord record = find(workspace, before.id()).orElseThrow();
                seen.add(record);
                changed.add(record);
            } else {
                jdbc.sql("update resource set last_seen_at = ? where workspace_id = ? and id = ?")
                        .params(at, workspace.value(), before.id())
                        .update();
                seen.add(find(workspace, before.id()).orElseThrow());
            }
        }
        List<ResourceRecord> gone = new ArrayList<>();
        for (ResourceRecord record : existing.values()) {
            if (record.goneAt() == null) {
                jdbc.sql("update resource set gone_at = ? where workspace_id = ? and id = ?")
                        .params(at, workspace.value(), record.id())
                        .update();
                gone.add(record);
            }
        }
        return new InventoryUpdate(List.copyOf(seen), List.copyOf(changed), List.copyOf(gone));
    }

    /**
     * Marks every present resource of an integration gone (the integration was deleted).
     *
     * @return the ids of the resources marked gone
     */
    @Transactional
    public List<UUID> retire(WorkspaceId workspace, UUID integrationId, Instant at) {
        return jdbc.sql("update resource set gone_at = ? where workspace_id = ? and integration_id = ?"
                        + " and gone_at is null returning id")
                .params(Timestamp.from(at), workspace.value(), integrationId)
                .query((rs, row) -> rs.getObject(1, UUID.class))
                .list();
    }

    public Optional<ResourceRecord> find(WorkspaceId workspace, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from resource where workspace_id = ? and id = ?")
                .params(workspace.value(), id)
                .query(this::map)
                .optional();
    }

    public List<ResourceRecord> findAll(WorkspaceId workspace, java.util.Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + " from resource where workspace_id = :workspace and id in (:ids)")
                .param("workspace", workspace.value())
                .param("ids", ids)
                .query(this::map)
                .list();
    }

    /** Resources of one integration, optionally including those no longer reported. */
    public List<ResourceRecord> forIntegration(WorkspaceId workspace, UUID integrationId, boolean includeGone) {
        return jdbc.sql("select " + COLUMNS + " from resource where workspace_id = ? and integration_id = ?"
                        + (includeGone ? "" : " and gone_at is null") + " order by type, name")
                .params(workspace.value(), integrationId)
                .query(this::map)
                .list();
    }

    /**
     * One page of present resources, ordered by (type, name, id), filtered on type when given.
     *
     * @param after the id of the last resource of the previous page (keyset pagination), or {@code null}
     */
    public List<ResourceRecord> page(WorkspaceId workspace, String type, UUID after, int limit) {
        StringBuilder sql = new StringBuilder(
                "select " + COLUMNS + " from resource r where workspace_id = :workspace and gone_at is null");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("workspace", workspace.value());
        if (type != null && !type.isBlank()) {
            sql.append(" and type = :type");
            params.put("type", type);
        }
        if (after != null) {
            sql.append(" and (type, name, id) > (select type, name, id from resource where workspace_id = :workspace"
                    + " and id = :after)");
            params.put("after", after);
        }
        sql.append(" order by type, name, id limit :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString()).params(params).query(this::map).list();
    }

    private ResourceRecord map(ResultSet rs, int row) throws SQLException {
        return new ResourceRecord(
                rs.getObject("id", UUID.class),
                WorkspaceId.of(rs.getObject("workspace_id", UUID.class)),
                rs.getObject("integration_id", UUID.class),
                rs.getString("type"),
                rs.getString("external_id"),
                rs.getString("name"),
                CanonicalJson.readDocument(rs.getString("attributes")),
                CanonicalJson.read(rs.getString("unknown"), new TypeReference<Map<String, String>>() {}),
                rs.getString("content_hash"),
                instant(rs, "first_seen_at"),
                instant(rs, "last_seen_at"),
                instant(rs, "changed_at"),
                instant(rs, "gone_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private String json(Object value) {
        return CanonicalJson.write(value);
    }

    /** SHA-256 of the canonical JSON of what checks can see; equal hash means nothing to re-evaluate. */
    String contentHash(ObservedResource resource) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("name", resource.name());
        content.put("attributes", resource.attributes());
        content.put("unknown", resource.unknown());
        return CanonicalJson.sha256(json(content));
    }

    private static String key(String type, String externalId) {
        return type + "\u0000" + externalId;
    }
}
