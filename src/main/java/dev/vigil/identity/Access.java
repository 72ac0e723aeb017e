package dev.vigil.identity;

/**
 * Who may call an endpoint, as Spring Security expressions for {@code @PreAuthorize}. Every controller method
 * carries one of these (an architecture test enforces it).
 */
public final class Access {

    /** Read the posture, checks, resources and evidence. */
    public static final String READ_POSTURE = "hasAnyRole('OWNER', 'ADMIN', 'AUDITOR')";

    /** Create, change, run and delete integrations. */
    public static final String MANAGE_INTEGRATIONS = "hasAnyRole('OWNER', 'ADMIN')";

    /** Provide documents for evidence tasks. */
    public static final String MANAGE_EVIDENCE = "hasAnyRole('OWNER', 'ADMIN')";

    /** Choose the frameworks and categories the workspace pursues. */
    public static final String MANAGE_SCOPE = "hasAnyRole('OWNER', 'ADMIN')";

    /** Read, verify and export the audit log. */
    public static final String READ_AUDIT_LOG = "hasAnyRole('OWNER', 'ADMIN', 'AUDITOR')";

    /** Configure alert channels and rules, retry dead letters, request and approve exceptions. */
    public static final String MANAGE_ALERTING = "hasAnyRole('OWNER', 'ADMIN')";

    /** Read alerts, their deliveries and exceptions. */
    public static final String READ_ALERTS = "hasAnyRole('OWNER', 'ADMIN', 'AUDITOR')";

    /** Manage the people of the workspace, such as resetting someone's second factor. */
    public static final String MANAGE_PEOPLE = "hasRole('OWNER')";

    /**
     * List, issue and revoke one's own API tokens (an owner: anyone's in the workspace). Every role may: a token
     * never does more than its owner's role allows.
     */
    public static final String MANAGE_OWN_API_TOKENS = "hasAnyRole('OWNER', 'ADMIN', 'MEMBER', 'AUDITOR')";

    /**
     * The second step of signing in: the password was right and the second factor is still owed (or is being
     * set up). Such a session has the password factor and no role.
     */
    public static final String PASSWORD_VERIFIED = "hasAuthority('FACTOR_PASSWORD')";

    /** Operate the installation itself, such as rotating the master key. */
    public static final String MANAGE_INSTALLATION = "hasRole('OWNER')";

    /**
     * The second step of signing in, after either first step: the password, or the identity provider's sign-in
     * (single sign-on). Such a session has one of these factors and no role.
     */
    public static final String FIRST_FACTOR_VERIFIED =
            "hasAnyAuthority('FACTOR_PASSWORD', 'FACTOR_AUTHORIZATION_CODE')";

    /** Public pages (sign-in, trust center, disclosure form): anyone, signed in or not. */
    public static final String ANYONE = "permitAll()";

    /**
     * Any signed-in person of the workspace, or an API token. A role is granted only once both factors of a
     * sign-in are done, so a session that has only passed the password does not count.
     */
    public static final String SIGNED_IN = "hasAnyRole('OWNER', 'ADMIN', 'MEMBER', 'AUDITOR')";

    private Access() {}
}
