package dev.vigil.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>} requests with an API token. A wrong, expired or revoked token
 * gets 401 without saying which. A token without the scope the request's method needs gets 403 naming that scope,
 * here, before any endpoint runs: the rule holds for every endpoint, including ones added later, without each
 * declaring it (docs/adr/0014-api-token-scopes.md). The owner's role is then checked by the endpoint's
 * {@code @PreAuthorize}, so the token's rights are the role intersected with the scopes.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(BearerTokenFilter.class);

    /** Answers a request whose token lacks a scope. */
    interface MissingScopeHandler {
        void handle(HttpServletRequest request, HttpServletResponse response, ApiTokenScope missing) throws IOException;
    }

    private final ApiTokens tokens;
    private final AuthenticationEntryPoint entryPoint;
    private final MissingScopeHandler missingScope;

    BearerTokenFilter(ApiTokens tokens, AuthenticationEntryPoint entryPoint, MissingScopeHandler missingScope) {
        this.tokens = tokens;
        this.entryPoint = entryPoint;
        this.missingScope = missingScope;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            chain.doFilter(request, response);
            return;
        }
        String token = header.substring(7).strip();
        ApiTokens.Use use;
        try {
            use = token.isEmpty()
                    ? new ApiTokens.Unknown()
                    : tokens.use(token, request.getMethod(), request.getRequestURI(), request.getRemoteAddr());
        } catch (RuntimeException e) {
            log.error("API token lookup failed", e);
            entryPoint.commence(request, response, new AuthenticationServiceException("token lookup failed", e));
            return;
        }
        if (use instanceof ApiTokens.Refused refused && refused.reason() == ApiTokens.Refusal.MISSING_SCOPE) {
            log.warn(
                    "Refused API request {} {} from {}: the token lacks the scope '{}'",
                    request.getMethod(),
                    request.getRequestURI(),
                    request.getRemoteAddr(),
                    refused.missingScope().id());
            missingScope.handle(request, response, refused.missingScope());
            return;
        }
        if (!(use instanceof ApiTokens.Accepted accepted)) {
            log.warn(
                    "Rejected API request to {} from {}: invalid credentials",
                    request.getRequestURI(),
                    request.getRemoteAddr());
            entryPoint.commence(request, response, new BadCredentialsException("invalid credentials"));
            return;
        }
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority(accepted.principal().role().authority()));
        for (ApiTokenScope scope : accepted.token().scopes()) {
            authorities.add(new SimpleGrantedAuthority(scope.authority()));
        }
        PreAuthenticatedAuthenticationToken authentication =
                new PreAuthenticatedAuthenticationToken(accepted.principal(), null, authorities);
        authentication.setDetails(accepted.token());
        SecurityContextHolder.getContext().setAuthentication(authentication);
        chain.doFilter(request, response);
    }
}
