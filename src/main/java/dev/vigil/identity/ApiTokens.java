package dev.vigil.identity;

import dev.vigil.audit.AuditLog;
import dev.vigil.platform.CanonicalJson;
import dev.vigil.workspace.WorkspaceId;
import java.io.Serializable;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * API tokens for automation: issued, listed, revoked, and checked on every API request. Only a SHA-256 hash of each
 * token is stored; the token itself is shown once. Tokens are long random strings, so a fast hash is enough and a
 * lookup stays one indexed query.
 *
 * <p>A token's rights are its owner's role intersected with its {@link ApiTokenScope scopes}. Using a token is
 * recorded cheaply: the last use (time and address) at most once a minute, an {@code api-token.used} audit entry at
 * the first use and then at most once an hour, and every refused use (revoked, expired, missing scope) as {@code
 * api-token.refused}. See docs/adr/0014-api-token-scopes.md.
 */
@Service
public class ApiTokens {

    /** Starts every token Vigil issues, so secret scanners can recognise a leaked one. */
    public static final String PREFIX = "vgt_";
    /** Lifetime of a token issued without an expiry. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(90);
    /** Longest lifetime a token may be issued with. */
    public static final Duration MAXIMUM_LIFETIME = Duration.ofDays(365);

    public static final int MAXIMUM_NAME_LENGTH = 100;

    static final Duration LAST_USE_RESOLUTION = Duration.ofMinutes(1);
    static final Duration USE_AUDIT_INTERVAL = Duration.ofHours(1);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SUMMARY_COLUMNS = "t.id, t.user_id, u.email, t.name,"
            + " array_to_string(t.scopes, ',') as scope_list, t.created_at, t.expires_at, t.last_used_at,"
            + " t.last_used_address, t.revoked_at, t.revoked_by";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    ApiTokens(JdbcClient jdbc, Clock clock, AuditLog audit, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.transactions = transactions;
    }

    /** A token just issued, with the secret that is never shown again. */
    public record Issued(ApiToken token, String secret) {}

    /** The token a request authenticated with; the authentication's details. */
    public record Presented(UUID id, Set<ApiTokenScope> scopes, Instant expiresAt) implements Serializable {}

    /** The token the request authenticated with, or empty for a signed-in person. */
    public static Optional<Presented> presented(Authentication authentication) {
        return authentication != null && authentication.getDetails() instanceof Presented presented
                ? Optional.of(presented)
                : Optional.empty();
    }

    /** Generates a new random token value ({@value #PREFIX} + 256 random bits, base64url). */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Registers a token value chosen elsewhere (the one seeded at first start), with the {@code write} scope. Does not
     * apply the rules of {@link #issue}: {@code expiresAt} may be null for no expiry, and nothing is audited.
     */
    public UUID create(WorkspaceId workspace, UUID userId, String name, String token, Instant expiresAt) {
        return create(workspace, userId, name, token, Set.of(ApiTokenScope.WRITE), expiresAt);
    }

    /** Like {@link #create(WorkspaceId, UUID, String, String, Instant)}, with the given scopes. */
    public UUID create(
            WorkspaceId workspace,
            UUID userId,
            String name,
            String token,
            Set<ApiTokenScope> scopes,
            Instant expiresAt) {
        if (token.length() < 16) {
            throw new IllegalArgumentException("an API token must be at least 16 characters long");
        }
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("an API token needs at least one scope");
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into api_token (id, workspace_id, user_id, name, token_hash, scopes, created_at, expires_at)"
                        + " values (?, ?, ?, ?, ?, string_to_array(?, ','), ?, ?)")
                .params(
                        id,
                        workspace.value(),
                        userId,
                        name,
                        hash(token),
                        scopeList(scopes),
                        Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MICROS)),
                        expiresAt == null ? null : Timestamp.from(expiresAt))
                .update();
        return id;
    }

    /**
     * Issues a new token to {@code owner} and records {@code api-token.created}.
     *
     * @param scopes scope names as the caller sent them ({@code read}, {@code write})
     * @param expiresAt when it stops working; {@code null} for {@link #DEFAULT_LIFETIME} from now. At most {@link
     *     #MAXIMUM_LIFETIME} from now.
     * @param issuer the token making this request, or {@code null} when a signed-in person asks. A token cannot issue
     *     one with a scope it lacks, nor one that outlives it, so a leaked token cannot be extended by chaining.
     * @throws InvalidApiTokenException naming each field that is wrong
     */
    @Transactional
    public Issued issue(
            VigilPrincipal owner, String name, Collection<String> scopes, Instant expiresAt, Presented issuer) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Map<String, String> errors = new LinkedHashMap<>();
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty()) {
            errors.put("name", "is required");
        } else if (trimmed.length() > MAXIMUM_NAME_LENGTH) {
            errors.put("name", "must be at most " + MAXIMUM_NAME_LENGTH + " characters");
        } else if (usableNameTaken(owner, trimmed, now)) {
            errors.put("name", "another token of yours is already called '" + trimmed + "'");
        }
        Set<ApiTokenScope> granted = EnumSet.noneOf(ApiTokenScope.class);
        if (scopes == null || scopes.isEmpty()) {
            errors.put("scopes", "is required");
        } else {
            for (String requested : scopes) {
                Optional<ApiTokenScope> scope = ApiTokenScope.parse(requested == null ? "" : requested.strip());
                if (scope.isEmpty()) {
                    errors.put("scopes", "'" + requested + "' is not a scope; use read or write");
                } else if (issuer != null && !ApiTokenScope.covers(issuer.scopes(), scope.get())) {
                    errors.put("scopes", "the token making this request does not have the scope '" + requested + "'");
                } else {
                    granted.add(scope.get());
                }
            }
        }
        Instant limit = now.plus(MAXIMUM_LIFETIME);
        Instant issuerExpiry = issuer == null ? null : issuer.expiresAt();
        Instant expiry;
        if (expiresAt == null) {
            expiry = now.plus(DEFAULT_LIFETIME);
            if (issuerExpiry != null && expiry.isAfter(issuerExpiry)) {
                expiry = issuerExpiry;
            }
        } else {
            expiry = expiresAt.truncatedTo(ChronoUnit.MICROS);
            if (!expiry.isAfter(now)) {
                errors.put("expiresAt", "must be in the future");
            } else if (expiry.isAfter(limit)) {
                errors.put("expiresAt", "must be at most " + MAXIMUM_LIFETIME.toDays() + " days from now");
            } else if (issuerExpiry != null && expiry.isAfter(issuerExpiry)) {
                errors.put(
                        "expiresAt",
                        "must not be later than the expiry of the token making this request (" + issuerExpiry + ")");
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidApiTokenException(errors);
        }
        String secret = generate();
        UUID id = create(owner.workspaceId(), owner.userId(), trimmed, secret, granted, expiry);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", trimmed);
        details.put("owner", owner.email());
        details.put("scopes", scopeIds(granted));
        details.put("expiresAt", expiry.toString());
        audit.record(owner.workspaceId(), owner.actor(), "api-token.created", id.toString(), details);
        return new Issued(find(owner, id).orElseThrow(), secret);
    }

    /**
     * The tokens {@code viewer} may see, newest first: their own, or every token of the workspace for an owner.
     *
     * @param after the id of the last token of the previous page, or {@code null}
     */
    public List<ApiToken> visibleTo(VigilPrincipal viewer, UUID after, int limit) {
        StringBuilder sql = new StringBuilder("select " + SUMMARY_COLUMNS
                + " from api_token t join app_user u on u.id = t.user_id where t.workspace_id = :workspace");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("workspace", viewer.workspaceId().value());
        if (viewer.role() != Role.OWNER) {
            sql.append(" and t.user_id = :user");
            params.put("user", viewer.userId());
        }
        if (after != null) {
            sql.append(" and (t.created_at, t.id) < (select created_at, id from api_token where id = :after"
                    + " and workspace_id = :workspace)");
            params.put("after", after);
        }
        sql.append(" order by t.created_at desc, t.id desc limit :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString()).params(params).query(ApiTokens::summary).list();
    }

    /** One token, if {@code viewer} may see it (see {@link #visibleTo}). */
    public Optional<ApiToken> find(VigilPrincipal viewer, UUID id) {
        return jdbc.sql("select " + SUMMARY_COLUMNS + " from api_token t join app_user u on u.id = t.user_id"
                        + " where t.workspace_id = ? and t.id = ?")
                .params(viewer.workspaceId().value(), id)
                .query(ApiTokens::summary)
                .optional()
                .filter(token -> viewer.role() == Role.OWNER || token.ownerId().equals(viewer.userId()));
    }

    /**
     * Revokes a token of {@code actor}'s own, or anyone's for an owner, and records {@code api-token.revoked}.
     * Revoking a revoked token changes nothing.
     *
     * @return false if {@code actor} may not see such a token
     */
    @Transactional
    public boolean revoke(VigilPrincipal actor, UUID id) {
        Optional<ApiToken> token = find(actor, id);
        if (token.isEmpty()) {
            return false;
        }
        int revoked = jdbc.sql(
                        "update api_token set revoked_at = ?, revoked_by = ? where id = ? and revoked_at is null")
                .params(Timestamp.from(clock.instant()), actor.actor(), id)
                .update();
        if (revoked == 1) {
            audit.record(
                    actor.workspaceId(),
                    actor.actor(),
                    "api-token.revoked",
                    id.toString(),
                    Map.of("name", token.get().name(), "owner", token.get().ownerEmail()));
        }
        return true;
    }

    /** The principal of a usable (neither revoked nor expired) token, regardless of scope. Records nothing. */
    public Optional<VigilPrincipal> authenticate(String token) {
        Instant now = clock.instant();
        return lookup(token)
                .filter(stored -> stored.revokedAt() == null && !stored.expired(now))
                .map(Stored::owner);
    }

    /** Outcome of presenting a token with a request. */
    sealed interface Use permits Accepted, Refused, Unknown {}

    /** The token may make this request. */
    record Accepted(VigilPrincipal principal, Presented token) implements Use {}

    /** A known token that may not make this request. */
    record Refused(Refusal reason, ApiTokenScope missingScope) implements Use {}

    /** No such token (or its owner is no longer a member of its workspace). */
    record Unknown() implements Use {}

    enum Refusal {
        REVOKED,
        EXPIRED,
        MISSING_SCOPE
    }

    /**
     * Decides whether a token may make a request and records the use (see the class comment). Refusals are audited
     * every time; they name the token and the request, never the token value.
     */
    Use use(String token, String method, String path, String address) {
        Optional<Stored> found = lookup(token);
        if (found.isEmpty()) {
            return new Unknown();
        }
        Stored stored = found.get();
        Instant now = clock.instant();
        if (stored.revokedAt() != null) {
            return refuse(stored, Refusal.REVOKED, null, method, path, address);
        }
        if (stored.expired(now)) {
            return refuse(stored, Refusal.EXPIRED, null, method, path, address);
        }
        ApiTokenScope required = ApiTokenScope.requiredFor(method);
        if (!ApiTokenScope.covers(stored.scopes(), required)) {
            return refuse(stored, Refusal.MISSING_SCOPE, required, method, path, address);
        }
        recordUse(stored, now, method, path, address);
        return new Accepted(stored.owner(), new Presented(stored.id(), stored.scopes(), stored.expiresAt()));
    }

    private Refused refuse(
            Stored stored, Refusal reason, ApiTokenScope missing, String method, String path, String address) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", stored.name());
        details.put("reason", reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        if (missing != null) {
            details.put("missingScope", missing.id());
            details.put("scopes", scopeIds(stored.scopes()));
        }
        details.put("method", method);
        details.put("path", path);
        details.put("address", address == null ? "" : address);
        audit.record(
                stored.owner().workspaceId(),
                stored.owner().actor(),
                "api-token.refused",
                stored.id().toString(),
                details);
        return new Refused(reason, missing);
    }

    /**
     * Writes only when something is due, and each write is conditional on the stored time, so concurrent requests
     * (on one node or several) record a minute's last use once and an hour's audit entry once.
     */
    private void recordUse(Stored stored, Instant now, String method, String path, String address) {
        boolean lastUseDue = due(stored.lastUsedAt(), now, LAST_USE_RESOLUTION);
        boolean auditDue = due(stored.useRecordedAt(), now, USE_AUDIT_INTERVAL);
        if (!lastUseDue && !auditDue) {
            return;
        }
        transactions.executeWithoutResult(status -> {
            if (lastUseDue) {
                jdbc.sql("update api_token set last_used_at = ?, last_used_address = ? where id = ?"
                                + " and (last_used_at is null or last_used_at <= ?)")
                        .params(
                                Timestamp.from(now),
                                address,
                                stored.id(),
                                Timestamp.from(now.minus(LAST_USE_RESOLUTION)))
                        .update();
            }
            if (auditDue) {
                int claimed = jdbc.sql("update api_token set use_recorded_at = ? where id = ?"
                                + " and (use_recorded_at is null or use_recorded_at <= ?)")
                        .params(Timestamp.from(now), stored.id(), Timestamp.from(now.minus(USE_AUDIT_INTERVAL)))
                        .update();
                if (claimed == 1) {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("name", stored.name());
                    details.put("first", stored.useRecordedAt() == null);
                    details.put("method", method);
                    details.put("path", path);
                    details.put("address", address == null ? "" : address);
                    audit.record(
                            stored.owner().workspaceId(),
                            stored.owner().actor(),
                            "api-token.used",
                            stored.id().toString(),
                            details);
                }
            }
        });
    }

    private static boolean due(Instant last, Instant now, Duration interval) {
        return last == null || !last.isAfter(now.minus(interval));
    }

    private record Stored(
            UUID id,
            String name,
            Set<ApiTokenScope> scopes,
            Instant expiresAt,
            Instant revokedAt,
            Instant lastUsedAt,
            Instant useRecordedAt,
            VigilPrincipal owner) {

        boolean expired(Instant now) {
            return expiresAt != null && !expiresAt.isAfter(now);
        }
    }

    private Optional<Stored> lookup(String token) {
        return jdbc.sql("select t.id, t.name, array_to_string(t.scopes, ',') as scope_list, t.expires_at,"
                        + " t.revoked_at, t.last_used_at, t.use_recorded_at, u.id as user_id, u.email,"
                        + " u.display_name, m.workspace_id, m.role from api_token t"
                        + " join app_user u on u.id = t.user_id"
                        + " join membership m on m.user_id = u.id and m.workspace_id = t.workspace_id"
                        + " where t.token_hash = ?")
                .param(hash(token))
                .query((rs, row) -> new Stored(
                        rs.getObject("id", UUID.class),
                        rs.getString("name"),
                        scopes(rs.getString("scope_list")),
                        instant(rs, "expires_at"),
                        instant(rs, "revoked_at"),
                        instant(rs, "last_used_at"),
                        instant(rs, "use_recorded_at"),
                        new VigilPrincipal(
                                rs.getObject("user_id", UUID.class),
                                rs.getString("email"),
                                rs.getString("display_name"),
                                WorkspaceId.of(rs.getObject("workspace_id", UUID.class)),
                                Role.valueOf(rs.getString("role")),
                                "token:" + rs.getString("name"))))
                .optional();
    }

    private static ApiToken summary(ResultSet rs, int row) throws SQLException {
        return new ApiToken(
                rs.getObject("id", UUID.class),
                rs.getObject("user_id", UUID.class),
                rs.getString("email"),
                rs.getString("name"),
                List.copyOf(scopes(rs.getString("scope_list"))),
                instant(rs, "created_at"),
                instant(rs, "expires_at"),
                instant(rs, "last_used_at"),
                rs.getString("last_used_address"),
                instant(rs, "revoked_at"),
                rs.getString("revoked_by"));
    }

    /** Stored scope names; a name this version does not know grants nothing. */
    private static Set<ApiTokenScope> scopes(String list) {
        Set<ApiTokenScope> scopes = EnumSet.noneOf(ApiTokenScope.class);
        if (list != null) {
            for (String id : list.split(",")) {
                ApiTokenScope.parse(id).ifPresent(scopes::add);
            }
        }
        return scopes;
    }

    private static List<String> scopeIds(Set<ApiTokenScope> scopes) {
        List<String> ids = new ArrayList<>();
        for (ApiTokenScope scope : ApiTokenScope.values()) {
            if (scopes.contains(scope)) {
                ids.add(scope.id());
            }
        }
        return ids;
    }

    private static String scopeList(Set<ApiTokenScope> scopes) {
        return String.join(",", scopeIds(scopes));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private boolean usableNameTaken(VigilPrincipal owner, String name, Instant now) {
        return jdbc.sql("select exists (select 1 from api_token where workspace_id = ? and user_id = ?"
                        + " and lower(name) = lower(?) and revoked_at is null"
                        + " and (expires_at is null or expires_at > ?))")
                .params(owner.workspaceId().value(), owner.userId(), name, Timestamp.from(now))
                .query(Boolean.class)
                .single();
    }

    static String hash(String token) {
        return CanonicalJson.sha256(token);
    }
}
