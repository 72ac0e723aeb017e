package dev.vigil.identity;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** Loads a person for password sign-in, landing them in their first workspace. */
@Component
class AccountDetailsService implements UserDetailsService {

    private final Users users;

    AccountDetailsService(Users users) {
        this.users = users;
    }

    @Override
    public UserDetails loadUserByUsername(String email) {
        Users.Account account = users.account(email)
                .filter(a -> a.passwordHash() != null)
                .orElseThrow(() -> new UsernameNotFoundException("no such account"));
        Users.Membership membership = users.memberships(account.id()).stream()
                .findFirst()
                .orElseThrow(() -> new UsernameNotFoundException("account has no workspace"));
        return new VigilUserDetails(
                new VigilPrincipal(
                        account.id(),
                        account.email(),
                        account.displayName(),
                        membership.workspaceId(),
                        membership.role(),
                        "session"),
                account.passwordHash());
    }
}
