package dev.vigil.identity;

/** What a user may do in one workspace. */
public enum Role {
    /** Everything, including managing people and the workspace. */
    OWNER,
    /** Configures integrations, controls and the security program. */
    ADMIN,
    /** An employee: sees and completes their own tasks only. */
    MEMBER,
    /** Reads posture and evidence; changes nothing. */
    AUDITOR;

    public String authority() {
        return "ROLE_" + name();
    }
}
