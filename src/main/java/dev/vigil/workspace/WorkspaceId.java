package dev.vigil.workspace;

import java.util.Objects;
import java.util.UUID;

/** Opaque identifier of a workspace. Every repository method on tenant data takes one. */
public record WorkspaceId(UUID value) {

    public WorkspaceId {
        Objects.requireNonNull(value, "value");
    }

    public static WorkspaceId of(UUID value) {
        return new WorkspaceId(value);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
