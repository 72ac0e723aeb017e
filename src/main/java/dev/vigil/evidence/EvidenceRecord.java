package dev.vigil.evidence;

import dev.vigil.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One immutable observation.
 *
 * @param sequence position in the workspace's chain, starting at 1
 * @param content what was observed: {@code attributes}, {@code unknown} and {@code raw}
 * @param contentHash SHA-256 of the canonical JSON of {@code content}
 * @param previousHash {@code recordHash} of the record before it, or 64 zeros for the first
 * @param recordHash SHA-256 over sequence, resource, run, time, content hash and previous hash
 */
public record EvidenceRecord(
        UUID id,
        WorkspaceId workspaceId,
        long sequence,
        UUID resourceId,
        UUID runId,
        Instant observedAt,
        Map<String, Object> content,
        String contentHash,
        String previousHash,
        String recordHash) {}
