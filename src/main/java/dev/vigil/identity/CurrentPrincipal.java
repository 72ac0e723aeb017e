package dev.vigil.identity;

import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;

/** Extracts the {@link VigilPrincipal} from whichever way the request authenticated. */
public final class CurrentPrincipal {

    private CurrentPrincipal() {}

    public static VigilPrincipal of(Authentication authentication) {
        if (authentication != null) {
            Object principal = authentication.getPrincipal();
            if (principal instanceof VigilUserDetails details) {
                return details.principal();
            }
            if (principal instanceof VigilOidcUser user) {
                return user.principal();
            }
            if (principal instanceof VigilPrincipal vigilPrincipal) {
                return vigilPrincipal;
            }
        }
        throw new InsufficientAuthenticationException("not signed in");
    }
}
