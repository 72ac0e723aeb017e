package dev.vigil.identity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An API token as its owner (and the owners of the workspace) see it: never the token itself, which is shown once
 * when it is issued and stored only as a hash.
 *
 * @param expiresAt {@code null} for a token that does not expire (only the one seeded at first start)
 * @param lastUsedAt recorded at most once a minute, so it may lag the latest use by up to a minute
 */
public record ApiToken(
        UUID id,
        UUID ownerId,
        String ownerEmail,
        String name,
        List<ApiTokenScope> scopes,
        Instant createdAt,
        Instant expiresAt,
        Instant lastUsedAt,
        String lastUsedAddress,
        Instant revokedAt,
        String revokedBy) {

    /** Whether a token can be used. */
    public enum State {
        ACTIVE,
        EXPIRED,
        REVOKED
    }

    public State state(Instant now) {
        if (revokedAt != null) {
            return State.REVOKED;
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            return State.EXPIRED;
        }
        return State.ACTIVE;
    }
}
