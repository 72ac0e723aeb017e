package dev.vigil.identity;

import dev.vigil.audit.AuditLog;
import dev.vigil.workspace.WorkspaceId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Writes every password sign-in, successful or not, to the audit log (single sign-on is recorded by {@code
 * OidcLogin}). A failure for an unknown account is
 * recorded without a workspace; the attempted email is kept because repeated failures are what a reviewer
 * looks for.
 */
@Component
class SignInAudit {

    private static final Logger log = LoggerFactory.getLogger(SignInAudit.class);

    private final AuditLog audit;
    private final Users users;

    private final SingleSignOn sso;

    SignInAudit(AuditLog audit, Users users, SingleSignOn sso) {
        this.audit = audit;
        this.users = users;
        this.sso = sso;
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        if (event.getAuthentication().getPrincipal() instanceof VigilUserDetails details) {
            VigilPrincipal principal = details.principal();
            // The password step; the second factor is recorded as mfa.verified or mfa.enrolled.
            Map<String, Object> recorded = new LinkedHashMap<>();
            recorded.put("role", principal.role().name());
            recorded.put("method", "password");
            recorded.put("factor", "password");
            if (!sso.passwordSignIn()) {
                // Only the break-glass owner gets here in SSO-only mode.
                recorded.put("breakGlass", true);
            }
            audit.record(principal.workspaceId(), principal.actor(), "sign-in.succeeded", null, recorded);
        }
    }

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        String attempted = event.getAuthentication().getName();
        WorkspaceId workspace = users.account(attempted)
                .flatMap(account -> users.memberships(account.id()).stream().findFirst())
                .map(Users.Membership::workspaceId)
                .orElse(null);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("email", attempted == null ? "" : attempted.strip());
        details.put("method", "password");
        details.put("reason", event.getException().getClass().getSimpleName());
        audit.record(workspace, "anonymous", "sign-in.failed", null, details);
        log.warn("Failed sign-in for '{}': {}", attempted, event.getException().getMessage());
    }
}
