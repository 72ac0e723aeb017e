package dev.vigil.identity;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Single sign-on settings, bound from {@code vigil.oidc.*} ({@code VIGIL_OIDC_*}, {@code VIGIL_SSO_ONLY}; see
 * {@code application.yml} and docs/security/sso.md). With no issuer, single sign-on is off and nothing else here
 * matters.
 *
 * @param issuer the provider's issuer URL; its {@code /.well-known/openid-configuration} describes the rest
 * @param clientId Vigil's client id at the provider
 * @param clientSecret the client secret; blank for a public client (PKCE alone)
 * @param name the provider's name on the sign-in button
 * @param roleClaim the claim holding group or role names, a dotted path for nested claims ({@code
 *     realm_access.roles})
 * @param roleMapping claim values to Vigil roles, see {@link RoleMapping}
 * @param requireVerifiedEmail refuse a sign-in unless the provider says the email is verified
 * @param scopes the scopes asked for, separated by commas or spaces
 * @param baseUrl where people reach Vigil; the provider sends them back to {@code <baseUrl>/login/oauth2/code/oidc}
 * @param ssoOnly refuse password sign-in, except for the break-glass owner ({@code VIGIL_ADMIN_EMAIL})
 */
@ConfigurationProperties("vigil.oidc")
public record OidcProperties(
        String issuer,
        String clientId,
        String clientSecret,
        String name,
        String roleClaim,
        String roleMapping,
        Boolean requireVerifiedEmail,
        String scopes,
        URI baseUrl,
        Boolean ssoOnly) {

    public OidcProperties {
        name = blank(name) ? "SSO" : name.strip();
        roleClaim = blank(roleClaim) ? "groups" : roleClaim.strip();
        requireVerifiedEmail = requireVerifiedEmail == null || requireVerifiedEmail;
        scopes = blank(scopes) ? "openid,profile,email" : scopes;
        baseUrl = baseUrl == null ? URI.create("http://localhost:8080") : baseUrl;
        ssoOnly = ssoOnly != null && ssoOnly;
    }

    /** Whether single sign-on is configured. */
    public boolean enabled() {
        return !blank(issuer);
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
