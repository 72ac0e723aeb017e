/**
 * Workspaces: one company (tenant) each. Owns the {@link dev.vigil.workspace.WorkspaceId} every capability
 * carries in its signatures and the default workspace created at first start.
 *
 * <p>It does not know users or roles (that is {@code identity}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Workspaces")
package dev.vigil.workspace;
