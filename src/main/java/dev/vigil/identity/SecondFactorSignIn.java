package dev.vigil.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Component;

/**
 * The second step of signing in. A correct password yields a session that holds only the password factor
 * ({@link FactorGrantedAuthority#PASSWORD_AUTHORITY}) and no role; the web chain lets such a session reach the
 * second-step pages and sign-out only. Here the person either enrolls an authenticator (when they have none) or
 * presents a code or a recovery code; on success the session gets the {@link #TOTP_AUTHORITY} factor and the
 * person's role, under a new session id.
 *
 * <p>The second factor is always checked for the person in this session's own password authentication, never
 * for anyone named in the request, so the two factors cannot belong to different people. Wrong and replayed
 * codes count toward the {@link SignInThrottle} like wrong passwords.
 */
@Component
public class SecondFactorSignIn {

    /** The factor an authenticator code (or a recovery code) adds to the session. */
    public static final String TOTP_AUTHORITY = "FACTOR_TOTP";

    static final String ENROLLMENT_ATTRIBUTE = SecondFactorSignIn.class.getName() + ".enrollment";

    private final SecondFactors factors;
    private final SignInThrottle throttle;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
    private final RequestCache requests = new HttpSessionRequestCache();

    SecondFactorSignIn(SecondFactors factors, SignInThrottle throttle) {
        this.factors = factors;
        this.throttle = throttle;
    }

    /** An enrollment in progress, bound to the person it was offered to. */
    private record PendingEnrollment(UUID userId, String secret) implements Serializable {}

    /** What the person must do next. */
    public sealed interface Step {
        /** Set up an authenticator: scan {@code provisioningUri} or type {@code secret}, then confirm a code. */
        record Enroll(String email, String secret, String provisioningUri) implements Step {}

        /** Type a code from the authenticator (or a recovery code). */
        record Verify(String email) implements Step {}
    }

    /** The outcome of presenting a code. */
    public sealed interface Result {
        /**
         * Both factors are done. {@code recoveryCodes} holds new codes to show once after an enrollment and is
         * empty otherwise.
         */
        record SignedIn(String continueTo, List<String> recoveryCodes) implements Result {}

        /** The code was not accepted; why, for the page. */
        record Refused(SecondFactors.Outcome outcome) implements Result {}

        /** Too many failures: nothing is checked until the lock ends. */
        record Locked(long minutes) implements Result {}
    }

    /** Whether an authentication has both factors. */
    public static boolean complete(Authentication authentication) {
        return authentication != null
                && authentication.isAuthenticated()
                && authentication.getAuthorities().stream().anyMatch(a -> TOTP_AUTHORITY.equals(a.getAuthority()));
    }

    /** The person who passed the password step of this session and still owes the second factor. */
    public static Optional<VigilPrincipal> pending(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated() || complete(authentication)) {
            return Optional.empty();
        }
        if (authentication instanceof UsernamePasswordAuthenticationToken
                && authentication.getPrincipal() instanceof VigilUserDetails details
                && hasAuthority(authentication, FactorGrantedAuthority.PASSWORD_AUTHORITY)) {
            return Optional.of(details.principal());
        }
        // Signed in with the identity provider (ADR 0013): Vigil's own code is still owed.
        if (authentication instanceof OAuth2AuthenticationToken
                && authentication.getPrincipal() instanceof VigilOidcUser user
                && hasAuthority(authentication, FactorGrantedAuthority.AUTHORIZATION_CODE_AUTHORITY)) {
            return Optional.of(user.principal());
        }
        return Optional.empty();
    }

    private static boolean hasAuthority(Authentication authentication, String authority) {
        return authentication.getAuthorities().stream().anyMatch(a -> authority.equals(a.getAuthority()));
    }

    /** The step this session's person is at; an enrollment keeps its secret in the session until confirmed. */
    public Step next(HttpServletRequest request, VigilPrincipal person) {
        if (factors.enrolled(person.userId())) {
            return new Step.Verify(person.email());
        }
        String secret = enrollment(request.getSession(), person).secret();
        return new Step.Enroll(person.email(), secret, SecondFactors.provisioningUri(person.email(), secret));
    }

    /** Confirms the enrollment offered in this session with a code from the newly set-up authenticator. */
    public Result confirmEnrollment(
            HttpServletRequest request, HttpServletResponse response, Authentication authentication, String code) {
        VigilPrincipal person = pending(authentication).orElseThrow(IllegalStateException::new);
        Optional<Duration> refusal = refusal(request, person);
        if (refusal.isPresent()) {
            return locked(request, person, refusal.get());
        }
        if (factors.enrolled(person.userId())) {
            // Enrolled meanwhile (another tab): this secret is not the one stored.
            return new Result.Refused(SecondFactors.Outcome.NOT_ENROLLED);
        }
        HttpSession session = request.getSession();
        Optional<List<String>> codes =
                factors.confirm(person, enrollment(session, person).secret(), code);
        if (codes.isEmpty()) {
            throttle.secondFactorFailed(person.email(), request.getRemoteAddr());
            return new Result.Refused(SecondFactors.Outcome.WRONG);
        }
        session.removeAttribute(ENROLLMENT_ATTRIBUTE);
        return signIn(request, response, authentication, person, codes.get());
    }

    /** Checks an authenticator code for this session's person. */
    public Result verify(
            HttpServletRequest request, HttpServletResponse response, Authentication authentication, String code) {
        VigilPrincipal person = pending(authentication).orElseThrow(IllegalStateException::new);
        Optional<Duration> refusal = refusal(request, person);
        if (refusal.isPresent()) {
            return locked(request, person, refusal.get());
        }
        return settle(request, response, authentication, person, factors.verify(person, code));
    }

    /** Accepts a single-use recovery code instead of an authenticator code. */
    public Result recover(
            HttpServletRequest request, HttpServletResponse response, Authentication authentication, String code) {
        VigilPrincipal person = pending(authentication).orElseThrow(IllegalStateException::new);
        Optional<Duration> refusal = refusal(request, person);
        if (refusal.isPresent()) {
            return locked(request, person, refusal.get());
        }
        return settle(request, response, authentication, person, factors.useRecoveryCode(person, code));
    }

    private Result settle(
            HttpServletRequest request,
            HttpServletResponse response,
            Authentication authentication,
            VigilPrincipal person,
            SecondFactors.Outcome outcome) {
        if (outcome == SecondFactors.Outcome.ACCEPTED) {
            return signIn(request, response, authentication, person, List.of());
        }
        if (outcome != SecondFactors.Outcome.NOT_ENROLLED) {
            throttle.secondFactorFailed(person.email(), request.getRemoteAddr());
        }
        return new Result.Refused(outcome);
    }

    private Result signIn(
            HttpServletRequest request,
            HttpServletResponse response,
            Authentication authentication,
            VigilPrincipal person,
            List<String> recoveryCodes) {
        List<GrantedAuthority> authorities = new ArrayList<>(authentication.getAuthorities());
        authorities.add(new SimpleGrantedAuthority(person.role().authority()));
        authorities.add(FactorGrantedAuthority.fromAuthority(TOTP_AUTHORITY));
        UsernamePasswordAuthenticationToken full =
                UsernamePasswordAuthenticationToken.authenticated(authentication.getPrincipal(), null, authorities);
        full.setDetails(authentication.getDetails());
        // A new session id for the fully signed-in session, as after the password.
        request.changeSessionId();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(full);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        throttle.signedIn(person.email());
        SavedRequest saved = requests.getRequest(request, response);
        requests.removeRequest(request, response);
        return new Result.SignedIn(saved == null ? "/" : saved.getRedirectUrl(), List.copyOf(recoveryCodes));
    }

    private Optional<Duration> refusal(HttpServletRequest request, VigilPrincipal person) {
        return throttle.refusal(person.email(), request.getRemoteAddr());
    }

    private Result locked(HttpServletRequest request, VigilPrincipal person, Duration wait) {
        throttle.refused(person.email(), request.getRemoteAddr(), wait);
        return new Result.Locked(Math.max(1, (wait.toSeconds() + 59) / 60));
    }

    private PendingEnrollment enrollment(HttpSession session, VigilPrincipal person) {
        if (session.getAttribute(ENROLLMENT_ATTRIBUTE) instanceof PendingEnrollment pending
                && pending.userId().equals(person.userId())) {
            return pending;
        }
        PendingEnrollment created = new PendingEnrollment(person.userId(), factors.newSecret());
        session.setAttribute(ENROLLMENT_ATTRIBUTE, created);
        return created;
    }
}
