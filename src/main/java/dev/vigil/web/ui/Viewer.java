package dev.vigil.web.ui;

import dev.vigil.identity.Role;
import dev.vigil.identity.VigilPrincipal;

/**
 * The signed-in person as the layout shows them, and what their role lets the page offer. Mirrors {@link
 * dev.vigil.identity.Access}: hiding a button is convenience, the {@code @PreAuthorize} on the endpoint is the
 * rule.
 */
public record Viewer(String email, String displayName, Role role) {

    static Viewer of(VigilPrincipal principal) {
        return new Viewer(principal.email(), principal.displayName(), principal.role());
    }

    /** May read posture, checks, resources, evidence and integrations (Access.READ_POSTURE). */
    public boolean canRead() {
        return role == Role.OWNER || role == Role.ADMIN || role == Role.AUDITOR;
    }

    /** May see the people of the workspace and reset their second factor (Access.MANAGE_PEOPLE). */
    public boolean canManagePeople() {
        return role == Role.OWNER;
    }

    /** May create, change, run and delete integrations (Access.MANAGE_INTEGRATIONS). */
    public boolean canManage() {
        return role == Role.OWNER || role == Role.ADMIN;
    }

    /** May read alerts, their deliveries and exceptions (Access.READ_ALERTS). */
    public boolean canReadAlerts() {
        return role == Role.OWNER || role == Role.ADMIN || role == Role.AUDITOR;
    }

    /**
     * May configure channels and rules, retry dead letters, request, approve and revoke exceptions
     * (Access.MANAGE_ALERTING).
     */
    public boolean canManageAlerting() {
        return role == Role.OWNER || role == Role.ADMIN;
    }
}
