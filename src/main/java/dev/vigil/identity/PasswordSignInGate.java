package dev.vigil.identity;

import dev.vigil.audit.AuditLog;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In SSO-only mode, refuses a password sign-in before the password is checked, except for the break-glass owner
 * ({@link SingleSignOn}). The refusal is recorded; the browser lands on the sign-in page with a notice.
 */
final class PasswordSignInGate extends OncePerRequestFilter {

    private final SingleSignOn sso;
    private final AuditLog audit;

    PasswordSignInGate(SingleSignOn sso, AuditLog audit) {
        this.sso = sso;
        this.audit = audit;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return sso.passwordSignIn() || !("POST".equals(request.getMethod()) && "/login".equals(path));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String email = request.getParameter("username");
        if (sso.passwordSignInAllowed(email)) {
            chain.doFilter(request, response);
            return;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("email", email == null ? "" : email.strip());
        details.put("method", "password");
        details.put("reason", "sso-only");
        audit.record(null, "anonymous", "sign-in.failed", null, details);
        response.sendRedirect(request.getContextPath() + "/login?passwordDisabled");
    }
}
