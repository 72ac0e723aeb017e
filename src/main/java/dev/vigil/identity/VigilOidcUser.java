package dev.vigil.identity;

import java.util.Collection;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

/**
 * A person signed in through the identity provider: the provider's tokens plus the Vigil account they map to.
 * Its name is the account's email, as for a password sign-in.
 */
final class VigilOidcUser extends DefaultOidcUser {

    private final VigilPrincipal principal;

    VigilOidcUser(
            Collection<? extends GrantedAuthority> authorities,
            OidcIdToken idToken,
            OidcUserInfo userInfo,
            VigilPrincipal principal) {
        super(authorities, idToken, userInfo, "sub");
        this.principal = principal;
    }

    VigilPrincipal principal() {
        return principal;
    }

    @Override
    public String getName() {
        return principal.email();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VigilOidcUser user && super.equals(other) && principal.equals(user.principal);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + principal.hashCode();
    }
}
