package dev.vigil.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One audit log entry.
 *
 * @param workspaceId the workspace it concerns, or {@code null} (a failed sign-in for an unknown account)
 * @param actor who caused it: {@code user:alice@example.com}, {@code token:ci (alice@example.com)}, {@code
 *     system:first-start}, or {@code anonymous}
 * @param action what happened, dotted: {@code sign-in.succeeded}, {@code integration.created}, ...
 * @param target what it happened to (an integration id, a task id), or {@code null}
 */
public record AuditEvent(
        UUID id,
        long sequence,
        UUID workspaceId,
        Instant occurredAt,
        String actor,
        String action,
        String target,
        Map<String, Object> details,
        String remoteAddress,
        String previousHash,
        String recordHash) {}
