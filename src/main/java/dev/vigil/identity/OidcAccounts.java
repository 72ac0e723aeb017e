package dev.vigil.identity;

import dev.vigil.audit.AuditLog;
import dev.vigil.workspace.WorkspaceId;
import dev.vigil.workspace.Workspaces;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The Vigil account behind a single sign-on: found by the provider's subject, else linked by email, else created
 * just in time in the default workspace. The role in the default workspace follows the provider's groups at every
 * sign-in; a change is recorded in the audit log.
 */
@Component
class OidcAccounts {

    private final JdbcClient jdbc;
    private final Workspaces workspaces;
    private final AuditLog audit;
    private final java.time.Clock clock;

    OidcAccounts(JdbcClient jdbc, Workspaces workspaces, AuditLog audit, java.time.Clock clock) {
        this.jdbc = jdbc;
        this.workspaces = workspaces;
        this.audit = audit;
        this.clock = clock;
    }

    private record Linked(UUID id, String email, String displayName, String issuer, String subject) {}

    /**
     * The principal for a person the provider vouched for, with the role their groups map to.
     *
     * @throws SsoRefusal when the email is linked to another identity at the provider
     */
    @Transactional
    VigilPrincipal signIn(String issuer, String subject, String email, String displayName, Role role) {
        WorkspaceId workspace = defaultWorkspace();
        String name = displayName == null || displayName.isBlank() ? email : displayName.strip();
        String actor = "user:" + email;
        Optional<Linked> account = find("oidc_issuer = ? and oidc_subject = ?", issuer, subject);
        if (account.isEmpty()) {
            account = find("lower(email) = lower(?)", email.strip());
            if (account.isPresent()) {
                Linked existing = account.get();
                if (existing.subject() != null) {
                    // Someone else at the provider (or at another provider) already signs in to this account.
                    throw new SsoRefusal(SsoRefusal.Reason.ACCOUNT_CONFLICT, email);
                }
                jdbc.sql("update app_user set oidc_issuer = ?, oidc_subject = ? where id = ?")
                        .params(issuer, subject, existing.id())
                        .update();
                audit.record(
                        workspace,
                        actor,
                        "user.linked",
                        existing.id().toString(),
                        Map.of("method", "oidc", "issuer", issuer));
            }
        }
        if (account.isEmpty()) {
            UUID id = UUID.randomUUID();
            Timestamp now = Timestamp.from(clock.instant());
            jdbc.sql("insert into app_user (id, email, display_name, password_hash, created_at, created_by,"
                            + " oidc_issuer, oidc_subject) values (?, ?, ?, null, ?, ?, ?, ?)")
                    .params(id, email.strip(), name, now, actor, issuer, subject)
                    .update();
            jdbc.sql("insert into membership (workspace_id, user_id, role, created_at) values (?, ?, ?, ?)")
                    .params(workspace.value(), id, role.name(), now)
                    .update();
            audit.record(
                    workspace,
                    actor,
                    "user.created",
                    id.toString(),
                    Map.of("email", email.strip(), "role", role.name(), "method", "oidc", "issuer", issuer));
            return new VigilPrincipal(id, email.strip(), name, workspace, role, "session");
        }
        Linked linked = account.get();
        updateRole(workspace, linked, role, actor);
        return new VigilPrincipal(linked.id(), linked.email(), linked.displayName(), workspace, role, "session");
    }

    private void updateRole(WorkspaceId workspace, Linked account, Role role, String actor) {
        Optional<Role> current = jdbc.sql(
                        "select role from membership where workspace_id = ? and user_id = ? for update")
                .params(workspace.value(), account.id())
                .query((rs, row) -> Role.valueOf(rs.getString(1)))
                .optional();
        if (current.isPresent() && current.get() == role) {
            return;
        }
        if (current.isPresent()) {
            jdbc.sql("update membership set role = ? where workspace_id = ? and user_id = ?")
                    .params(role.name(), workspace.value(), account.id())
                    .update();
        } else {
            jdbc.sql("insert into membership (workspace_id, user_id, role, created_at) values (?, ?, ?, ?)")
                    .params(workspace.value(), account.id(), role.name(), Timestamp.from(clock.instant()))
                    .update();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("email", account.email());
        details.put("from", current.map(Role::name).orElse(""));
        details.put("to", role.name());
        details.put("method", "oidc");
        audit.record(workspace, actor, "user.role-changed", account.id().toString(), details);
    }

    /** Where people who sign in with the provider land; their role there follows the provider. */
    WorkspaceId defaultWorkspace() {
        return workspaces
                .findBySlug("default")
                .orElseThrow(() -> new IllegalStateException("the default workspace does not exist"))
                .id();
    }

    private Optional<Linked> find(String condition, Object... params) {
        return jdbc.sql("select id, email, display_name, oidc_issuer, oidc_subject from app_user where " + condition)
                .params(params)
                .query((rs, row) -> new Linked(
                        rs.getObject("id", UUID.class),
                        rs.getString("email"),
                        rs.getString("display_name"),
                        rs.getString("oidc_issuer"),
                        rs.getString("oidc_subject")))
                .optional();
    }
}
