package dev.vigil.alerting;

import java.time.Instant;
import java.util.UUID;

/**
 * Accepted risk for one (check, resource): while approved and not expired, its failures raise no alert. When it
 * expires and the check still fails, the finding re-opens and alerts.
 *
 * @param state {@code PENDING} (waiting for approval), {@code ACTIVE}, {@code EXPIRED} or {@code REVOKED}
 */
public record RiskException(
        UUID id,
        String checkId,
        UUID resourceId,
        String reason,
        String requestedBy,
        Instant requestedAt,
        Instant expiresAt,
        String approvedBy,
        Instant approvedAt,
        String revokedBy,
        Instant revokedAt,
        String state) {

    /**
     * Whether the actor is the person who asked for this exception, and so may not approve it; the same person
     * signed in or through one of their API tokens counts as the same.
     */
    public boolean askedBy(String actor) {
        return RiskExceptions.person(requestedBy).equalsIgnoreCase(RiskExceptions.person(actor));
    }
}
