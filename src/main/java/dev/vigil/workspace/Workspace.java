package dev.vigil.workspace;

import java.time.Instant;

/** One company using Vigil. */
public record Workspace(WorkspaceId id, String name, String slug, Instant createdAt) {}
