package dev.vigil.identity;

import dev.vigil.platform.CanonicalJson;
import dev.vigil.workspace.WorkspaceId;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * API tokens for automation. Only a SHA-256 hash of each token is stored; the token itself is shown once.
 * Tokens are long random strings, so a fast hash is enough and lookups stay one indexed query.
 */
@Service
public class ApiTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Clock clock;

    ApiTokens(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Generates a new random token value ({@code vgl_} + 256 random bits). */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "vgl_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Stores a token for a user in a workspace. {@code expiresAt} may be null for no expiry. */
    public UUID create(WorkspaceId workspace, UUID userId, String name, String token, Instant expiresAt) {
        if (token.length() < 16) {
            throw new IllegalArgumentException("an API token must be at least 16 characters long");
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into api_token (id, workspace_id, user_id, name, token_hash, created_at, expires_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?)")
                .params(
                        id,
                        workspace.value(),
                        userId,
                        name,
                        hash(token),
                        Timestamp.from(clock.instant()),
                        expiresAt == null ? null : Timestamp.from(expiresAt))
                .update();
        return id;
    }

    /** Resolves a presented token to its principal; records the use. Empty for unknown, expired or revoked. */
    public Optional<VigilPrincipal> authenticate(String token) {
        Instant now = clock.instant();
        Optional<VigilPrincipal> principal = jdbc.sql(
                        "select t.id, t.name, u.id as user_id, u.email, u.display_name,"
                                + " m.workspace_id, m.role from api_token t join app_user u on u.id = t.user_id"
                                + " join membership m on m.user_id = u.id and m.workspace_id = t.workspace_id"
                                + " where t.token_hash = ? and t.revoked_at is null and (t.expires_at is null or t.expires_at > ?)")
                .params(hash(token), Timestamp.from(now))
                .query((rs, row) -> {
                    jdbc.sql("update api_token set last_used_at = ? where id = ?")
                            .params(Timestamp.from(now), rs.getObject("id", UUID.class))
                            .update();
                    return new VigilPrincipal(
                            rs.getObject("user_id", UUID.class),
                            rs.getString("email"),
                            rs.getString("display_name"),
                            WorkspaceId.of(rs.getObject("workspace_id", UUID.class)),
                            Role.valueOf(rs.getString("role")),
                            "token:" + rs.getString("name"));
                })
                .optional();
        return principal;
    }

    static String hash(String token) {
        return CanonicalJson.sha256(token);
    }
}
