package dev.vigil.posture;

import dev.vigil.audit.AuditLog;
import dev.vigil.catalog.Framework;
import dev.vigil.catalog.FrameworkCatalog;
import dev.vigil.catalog.Requirement;
import dev.vigil.workspace.WorkspaceId;
import java.sql.Array;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Which frameworks and categories each workspace pursues; readiness counts only what is in scope. */
@Service
public class FrameworkScopes {

    private static final Logger log = LoggerFactory.getLogger(FrameworkScopes.class);

    /** SOC 2's security category (the common criteria) cannot be left out: it is what every report covers. */
    static final String ALWAYS_IN_SCOPE = "security";

    private final JdbcClient jdbc;
    private final FrameworkCatalog catalog;
    private final AuditLog audit;
    private final Clock clock;

    FrameworkScopes(JdbcClient jdbc, FrameworkCatalog catalog, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.audit = audit;
        this.clock = clock;
    }

    /** The scope of every framework of the catalog for a workspace, in catalog order. */
    public List<Scope> scopes(WorkspaceId workspace) {
        Map<String, Scope> stored = new LinkedHashMap<>();
        jdbc.sql("select framework_id, in_scope, excluded_categories, updated_at, updated_by from framework_scope"
                        + " where workspace_id = ?")
                .param(workspace.value())
                .query((rs, row) -> {
                    Array excluded = rs.getArray("excluded_categories");
                    return new Scope(
                            rs.getString("framework_id"),
                            rs.getBoolean("in_scope"),
                            new LinkedHashSet<>(Arrays.asList((String[]) excluded.getArray())),
                            rs.getTimestamp("updated_at").toInstant(),
                            rs.getString("updated_by"));
                })
                .list()
                .forEach(scope -> stored.put(scope.frameworkId(), scope));
        return catalog.frameworks().stream()
                .map(f -> stored.getOrDefault(f.id(), Scope.defaultFor(f.id())))
                .toList();
    }

    public Scope scope(WorkspaceId workspace, String frameworkId) {
        return scopes(workspace).stream()
                .filter(s -> s.frameworkId().equals(frameworkId))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no framework '" + frameworkId + "'"));
    }

    /** The categories a framework's requirements carry, sorted; empty for frameworks without categories. */
    public Set<String> categories(String frameworkId) {
        return catalog.framework(frameworkId).map(FrameworkScopes::categories).orElse(Set.of());
    }

    private static Set<String> categories(Framework framework) {
        Set<String> categories = new TreeSet<>();
        framework.requirements().stream()
                .map(Requirement::category)
                .filter(Objects::nonNull)
                .forEach(categories::add);
        return categories;
    }

    /**
     * Changes a framework's scope.
     *
     * @throws InvalidScopeException for a category the framework does not have, or for leaving out security
     * @throws IllegalArgumentException for an unknown framework
     */
    @Transactional
    public Scope change(
            WorkspaceId workspace, String frameworkId, boolean inScope, Set<String> excludedCategories, String actor) {
        Framework framework = catalog.framework(frameworkId)
                .orElseThrow(() -> new IllegalArgumentException("no framework '" + frameworkId + "'"));
        Set<String> known = categories(framework);
        Set<String> excluded = excludedCategories == null ? Set.of() : new TreeSet<>(excludedCategories);
        Map<String, String> errors = new LinkedHashMap<>();
        for (String category : excluded) {
            if (!known.contains(category)) {
                errors.put(
                        "excludedCategories",
                        "'" + category + "' is not a category of " + framework.name()
                                + (known.isEmpty() ? ", which has none" : "; its categories are " + known));
            }
        }
        if (excluded.contains(ALWAYS_IN_SCOPE)) {
            errors.put("excludedCategories", "the security category is always in scope");
        }
        if (!errors.isEmpty()) {
            throw new InvalidScopeException(errors);
        }
        var now = clock.instant();
        jdbc.sql("insert into framework_scope (workspace_id, framework_id, in_scope, excluded_categories, updated_at,"
                        + " updated_by) values (?, ?, ?, ?, ?, ?) on conflict (workspace_id, framework_id) do update"
                        + " set in_scope = excluded.in_scope, excluded_categories = excluded.excluded_categories,"
                        + " updated_at = excluded.updated_at, updated_by = excluded.updated_by")
                .params(
                        workspace.value(),
                        frameworkId,
                        inScope,
                        excluded.toArray(String[]::new),
                        Timestamp.from(now),
                        actor)
                .update();
        log.info(
                "Scope of {} changed by {}: {}, excluded categories {}",
                frameworkId,
                actor,
                inScope ? "in scope" : "out of scope",
                excluded);
        return new Scope(frameworkId, inScope, excluded, now, actor);
    }
}
