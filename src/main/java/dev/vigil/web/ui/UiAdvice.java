package dev.vigil.web.ui;

import dev.vigil.alerting.Alerting;
import dev.vigil.alerting.AlertingNotFoundException;
import dev.vigil.identity.CurrentPrincipal;
import dev.vigil.identity.SecondFactorSignIn;
import dev.vigil.identity.VigilPrincipal;
import dev.vigil.integration.IntegrationNotFoundException;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * What every page of the UI (and the error pages) gets: the reader ({@code viewer}), the open alert count
 * ({@code openAlerts}), a formatter for their
 * locale and time zone ({@code fmt}), the navigation section, and friendly pages for "not found" and "your role
 * does not allow this".
 */
@ControllerAdvice(basePackageClasses = UiAdvice.class, assignableTypes = ErrorController.class)
// Ahead of Boot's global problem-details handler, which would answer a page's malformed id with JSON.
@Order(Ordered.HIGHEST_PRECEDENCE)
class UiAdvice {

    private static final Logger log = LoggerFactory.getLogger(UiAdvice.class);

    /** Set by static/js/vigil.js from the browser's Intl time zone, so times show in the reader's zone. */
    static final String TIME_ZONE_COOKIE = "vigil_tz";

    private final MessageSource messages;
    private final Clock clock;
    private final Alerting alerting;

    UiAdvice(MessageSource messages, Clock clock, Alerting alerting) {
        this.messages = messages;
        this.clock = clock;
        this.alerting = alerting;
    }

    @ModelAttribute("fmt")
    DisplayFormat format(HttpServletRequest request, Locale locale) {
        return new DisplayFormat(locale, timeZone(request), messages, clock.instant());
    }

    @ModelAttribute("viewer")
    Viewer viewer() {
        VigilPrincipal principal = principal();
        return principal == null ? null : Viewer.of(principal);
    }

    /** The number of open alerts beside "Alerts" in the navigation; {@code null} for readers who see no alerts. */
    @ModelAttribute("openAlerts")
    OpenAlertCount openAlerts() {
        VigilPrincipal principal = principal();
        if (principal == null || !Viewer.of(principal).canReadAlerts()) {
            return null;
        }
        return new OpenAlertCount(() -> alerting.openCount(principal.workspaceId()));
    }

    /** The signed-in person once both factors are done; {@code null} otherwise. */
    private static VigilPrincipal principal() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null
                || authentication instanceof AnonymousAuthenticationToken
                || !authentication.isAuthenticated()
                // Halfway through signing in (password only): no navigation, no role shown yet.
                || !SecondFactorSignIn.complete(authentication)) {
            return null;
        }
        try {
            return CurrentPrincipal.of(authentication);
        } catch (AuthenticationException e) {
            return null;
        }
    }

    /** The first path segment, so the navigation can mark where the reader is. */
    @ModelAttribute("section")
    String section(HttpServletRequest request) {
        String[] segments = currentPath(request).split("/");
        return segments.length > 1 ? segments[1] : "";
    }

    /** The path the reader asked for; on an error page, the failed request's path rather than {@code /error}. */
    @ModelAttribute("currentPath")
    String currentPath(HttpServletRequest request) {
        Object failed = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String uri = failed instanceof String s ? s : request.getRequestURI();
        return uri.startsWith(request.getContextPath())
                ? uri.substring(request.getContextPath().length())
                : uri;
    }

    @ExceptionHandler({PageNotFoundException.class, IntegrationNotFoundException.class, AlertingNotFoundException.class
    })
    String notFound(
            RuntimeException e, HttpServletRequest request, HttpServletResponse response, Model model, Locale locale) {
        log.debug("Not found: {}", e.getMessage());
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        decorate(model, request, locale);
        return "error/404";
    }

    /** A malformed id (not a UUID) names nothing, exactly like an unknown one. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    String malformed(
            MethodArgumentTypeMismatchException e,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            Locale locale) {
        return notFound(new PageNotFoundException(e.getName(), e.getValue()), request, response, model, locale);
    }

    /**
     * The reader is signed in but their role does not allow the page (for example a member opening the
     * dashboard). Anonymous callers never get here: the filter chain sends them to sign in first.
     */
    @ExceptionHandler(AccessDeniedException.class)
    String forbidden(
            AccessDeniedException e,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            Locale locale) {
        if (viewer() == null) {
            throw e;
        }
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        decorate(model, request, locale);
        model.addAttribute("roleDenied", true);
        return "error/403";
    }

    /** Exception handlers start from an empty model; give their pages what the layout needs. */
    void decorate(Model model, HttpServletRequest request, Locale locale) {
        model.addAttribute("fmt", format(request, locale));
        model.addAttribute("viewer", viewer());
        model.addAttribute("openAlerts", openAlerts());
        model.addAttribute("section", section(request));
        model.addAttribute("currentPath", currentPath(request));
    }

    /** The reader's time zone (from the cookie vigil.js sets), UTC when unknown. */
    static ZoneId timeZone(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (TIME_ZONE_COOKIE.equals(cookie.getName()) && cookie.getValue() != null) {
                    try {
                        return ZoneId.of(
                                java.net.URLDecoder.decode(cookie.getValue(), java.nio.charset.StandardCharsets.UTF_8));
                    } catch (DateTimeException | IllegalArgumentException e) {
                        // An unknown or tampered zone: fall back to UTC, which the page names.
                    }
                }
            }
        }
        return ZoneOffset.UTC;
    }
}
