package dev.vigil.identity;

import java.util.Collection;
import java.util.List;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** A person signed in with a password: their principal plus the password hash Spring Security checks. */
final class VigilUserDetails implements UserDetails, CredentialsContainer {

    private final VigilPrincipal principal;
    private String passwordHash;

    VigilUserDetails(VigilPrincipal principal, String passwordHash) {
        this.principal = principal;
        this.passwordHash = passwordHash;
    }

    VigilPrincipal principal() {
        return principal;
    }

    /**
     * None: the password alone grants no role. The role is added when the second factor completes the sign-in
     * ({@link SecondFactorSignIn}); until then the session holds only the password factor.
     */
    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of();
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return principal.email();
    }

    @Override
    public void eraseCredentials() {
        // The hash is needed only during authentication; the session keeps the principal alone.
        passwordHash = null;
    }
}
