package dev.vigil.identity;

import dev.vigil.workspace.WorkspaceId;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** People who sign in, and their memberships. */
@Service
public class Users {

    /** Shortest password accepted. */
    public static final int MINIMUM_PASSWORD_LENGTH = 12;

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final Clock clock;

    Users(JdbcClient jdbc, PasswordEncoder passwords, Clock clock) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.clock = clock;
    }

    /** A user's account as stored; the hash never leaves this package. */
    record Account(UUID id, String email, String displayName, String passwordHash) {}

    /** A membership of a user in a workspace. */
    public record Membership(WorkspaceId workspaceId, Role role) {}

    /** Whether any user exists (a fresh installation has none). */
    public boolean anyExists() {
        return jdbc.sql("select exists (select 1 from app_user)")
                .query(Boolean.class)
                .single();
    }

    /** Creates a user with a password and a role in a workspace. */
    @Transactional
    public UUID create(
            WorkspaceId workspace, String email, String displayName, String password, Role role, String actor) {
        if (password == null || password.length() < MINIMUM_PASSWORD_LENGTH) {
            throw new IllegalArgumentException(
                    "the password must be at least " + MINIMUM_PASSWORD_LENGTH + " characters long");
        }
        if (email == null || !email.matches("[^@\\s]+@[^@\\s]+")) {
            throw new IllegalArgumentException("'" + email + "' is not an email address");
        }
        UUID id = UUID.randomUUID();
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("insert into app_user (id, email, display_name, password_hash, created_at, created_by)"
                        + " values (?, ?, ?, ?, ?, ?)")
                .params(id, email.strip(), displayName, passwords.encode(password), now, actor)
                .update();
        jdbc.sql("insert into membership (workspace_id, user_id, role, created_at) values (?, ?, ?, ?)")
                .params(workspace.value(), id, role.name(), now)
                .update();
        return id;
    }

    Optional<Account> account(String email) {
        return jdbc.sql("select id, email, display_name, password_hash from app_user where lower(email) = lower(?)")
                .param(email == null ? "" : email.strip())
                .query((rs, row) -> new Account(
                        rs.getObject("id", UUID.class),
                        rs.getString("email"),
                        rs.getString("display_name"),
                        rs.getString("password_hash")))
                .optional();
    }

    /** Memberships of a user, oldest first (the first is where they land after sign-in). */
    public List<Membership> memberships(UUID userId) {
        return jdbc.sql("select workspace_id, role from membership where user_id = ? order by created_at")
                .param(userId)
                .query((rs, row) -> new Membership(
                        WorkspaceId.of(rs.getObject("workspace_id", UUID.class)), Role.valueOf(rs.getString("role"))))
                .list();
    }
}
