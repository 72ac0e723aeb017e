package dev.vigil.identity;

import dev.vigil.platform.VigilProperties;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Whether and how people sign in with the organization's identity provider (OpenID Connect), for the sign-in
 * page. Checks the settings at startup so a mistake stops Vigil instead of locking people out later.
 *
 * <p>Break-glass rule: with {@code VIGIL_SSO_ONLY=true}, password sign-in is refused for everyone except the
 * account named by {@code VIGIL_ADMIN_EMAIL} (the first owner), which still needs its password and second factor.
 * It is the way back in when the provider is down or misconfigured.
 */
@Component
public class SingleSignOn {

    /** Where the sign-in button sends the browser; Spring Security starts the authorization request there. */
    public static final String START_PATH = "/oauth2/authorization/" + OidcLogin.REGISTRATION_ID;

    private final OidcProperties settings;
    private final String breakGlassEmail;
    private final RoleMapping roles;

    SingleSignOn(OidcProperties settings, VigilProperties vigil) {
        this.settings = settings;
        String admin = vigil.admin().email();
        this.breakGlassEmail =
                admin == null || admin.isBlank() ? null : admin.strip().toLowerCase(Locale.ROOT);
        if (settings.ssoOnly() && !settings.enabled()) {
            throw new IllegalStateException(
                    "VIGIL_SSO_ONLY=true needs single sign-on: set VIGIL_OIDC_ISSUER (and the client settings)");
        }
        if (settings.enabled() && OidcProperties.blank(settings.clientId())) {
            throw new IllegalStateException("VIGIL_OIDC_ISSUER is set but VIGIL_OIDC_CLIENT_ID is not");
        }
        this.roles = settings.enabled() ? RoleMapping.parse(settings.roleMapping()) : null;
    }

    /** Whether single sign-on is configured. */
    public boolean enabled() {
        return settings.enabled();
    }

    /** The provider's name for the button ("Sign in with ..."). */
    public String name() {
        return settings.name();
    }

    /** Whether the password form is offered to everyone (it is not in SSO-only mode). */
    public boolean passwordSignIn() {
        return !settings.ssoOnly();
    }

    /** Whether a password sign-in for this email is allowed. */
    public boolean passwordSignInAllowed(String email) {
        return passwordSignIn() || isBreakGlass(email);
    }

    /** Whether this email is the break-glass owner of SSO-only mode. */
    boolean isBreakGlass(String email) {
        return breakGlassEmail != null
                && email != null
                && breakGlassEmail.equals(email.strip().toLowerCase(Locale.ROOT));
    }

    OidcProperties settings() {
        return settings;
    }

    RoleMapping roles() {
        return roles;
    }
}
