package dev.vigil.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a password sign-in before the password is even checked while its email or address is locked out, so
 * a guesser learns nothing more during the lock. The browser lands on the sign-in page with a notice.
 */
final class SignInThrottleFilter extends OncePerRequestFilter {

    private final SignInThrottle throttle;

    SignInThrottleFilter(SignInThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !("POST".equals(request.getMethod()) && "/login".equals(path));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String email = request.getParameter("username");
        Optional<Duration> refusal = throttle.refusal(email, request.getRemoteAddr());
        if (refusal.isPresent()) {
            throttle.refused(email, request.getRemoteAddr(), refusal.get());
            long minutes = Math.max(1, (refusal.get().toSeconds() + 59) / 60);
            response.sendRedirect(request.getContextPath() + "/login?locked=" + minutes);
            return;
        }
        chain.doFilter(request, response);
    }
}
