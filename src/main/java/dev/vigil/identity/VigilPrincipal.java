package dev.vigil.identity;

import dev.vigil.workspace.WorkspaceId;
import java.io.Serializable;
import java.util.UUID;

/**
 * Who is calling, in which workspace, with which role.
 *
 * @param via {@code session} for a signed-in person, {@code token:<name>} for an API token
 */
public record VigilPrincipal(
        UUID userId, String email, String displayName, WorkspaceId workspaceId, Role role, String via)
        implements Serializable {

    /** The attribution recorded on every write this principal causes. */
    public String actor() {
        return via.startsWith("token:") ? via + " (" + email + ")" : "user:" + email;
    }
}
