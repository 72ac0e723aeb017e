package dev.vigil.workspace;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The workspaces of this installation. */
@Service
public class Workspaces {

    static final String DEFAULT_SLUG = "default";

    private final JdbcClient jdbc;
    private final Clock clock;

    Workspaces(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Returns the default workspace, creating it on first start; the boolean says whether it was created. */
    @Transactional
    public Created ensureDefault() {
        Optional<Workspace> existing = findBySlug(DEFAULT_SLUG);
        if (existing.isPresent()) {
            return new Created(existing.get(), false);
        }
        Workspace workspace =
                new Workspace(WorkspaceId.of(UUID.randomUUID()), "My company", DEFAULT_SLUG, clock.instant());
        jdbc.sql("insert into workspace (id, name, slug, created_at) values (?, ?, ?, ?)")
                .params(
                        workspace.id().value(),
                        workspace.name(),
                        workspace.slug(),
                        java.sql.Timestamp.from(workspace.createdAt()))
                .update();
        return new Created(workspace, true);
    }

    public Optional<Workspace> find(WorkspaceId id) {
        return jdbc.sql("select id, name, slug, created_at from workspace where id = ?")
                .param(id.value())
                .query(Workspaces::map)
                .optional();
    }

    public Optional<Workspace> findBySlug(String slug) {
        return jdbc.sql("select id, name, slug, created_at from workspace where slug = ?")
                .param(slug)
                .query(Workspaces::map)
                .optional();
    }

    public List<Workspace> all() {
        return jdbc.sql("select id, name, slug, created_at from workspace order by created_at")
                .query(Workspaces::map)
                .list();
    }

    private static Workspace map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Workspace(
                WorkspaceId.of(rs.getObject("id", UUID.class)),
                rs.getString("name"),
                rs.getString("slug"),
                rs.getTimestamp("created_at").toInstant());
    }

    /** A workspace and whether this call created it. */
    public record Created(Workspace workspace, boolean isNew) {}
}
