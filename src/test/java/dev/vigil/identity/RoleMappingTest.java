package dev.vigil.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The syntax of VIGIL_OIDC_ROLE_MAPPING and how claim values pick a role. */
class RoleMappingTest {

    @Test
    void theMostPowerfulMatchingEntryWins() {
        RoleMapping mapping = RoleMapping.parse("vigil-owners=OWNER, vigil-admins=admin,auditors=AUDITOR");
        assertThat(mapping.roleFor(List.of("auditors", "vigil-admins"))).contains(Role.ADMIN);
        assertThat(mapping.roleFor(List.of("auditors"))).contains(Role.AUDITOR);
        assertThat(mapping.roleFor(List.of("vigil-admins", "vigil-owners"))).contains(Role.OWNER);
        assertThat(mapping.roleFor(List.of("staff")))
                .as("no match, no fallback")
                .isEmpty();
        assertThat(mapping.roleFor(List.of())).isEmpty();
        assertThat(mapping.roleFor(List.of("Vigil-Owners")))
                .as("values match exactly")
                .isEmpty();
    }

    @Test
    void theFallbackAppliesOnlyWithoutAMatch() {
        RoleMapping mapping = RoleMapping.parse("auditors=AUDITOR,*=MEMBER");
        assertThat(mapping.roleFor(List.of("staff"))).contains(Role.MEMBER);
        assertThat(mapping.roleFor(List.of())).contains(Role.MEMBER);
        assertThat(mapping.roleFor(List.of("auditors"))).contains(Role.AUDITOR);
        assertThat(mapping.roleFor(List.of("*")))
                .as("a group literally named * is no key")
                .contains(Role.MEMBER);
    }

    @Test
    void aValueMayContainAnEqualsSign() {
        assertThat(RoleMapping.parse("team=security=ADMIN").roleFor(List.of("team=security")))
                .as("value and role split at the last equals sign")
                .contains(Role.ADMIN);
    }

    @Test
    void mistakesAreReportedAtStartup() {
        assertThatThrownBy(() -> RoleMapping.parse("admins")).hasMessageContaining("'admins' is not of the form");
        assertThatThrownBy(() -> RoleMapping.parse("admins=ROOT")).hasMessageContaining("'ROOT' is not a role");
        assertThatThrownBy(() -> RoleMapping.parse("a=ADMIN,a=MEMBER")).hasMessageContaining("both ADMIN and MEMBER");
        assertThatThrownBy(() -> RoleMapping.parse(" ")).hasMessageContaining("is empty");
        assertThatThrownBy(() -> RoleMapping.parse(null)).hasMessageContaining("is empty");
    }

    @Test
    void claimValuesComeFromListsStringsAndNestedClaims() {
        Map<String, Object> claims = Map.of(
                "groups", List.of("a", "b"),
                "role", "c",
                "realm_access", Map.of("roles", List.of("d")));
        assertThat(OidcLogin.claimValues(claims, "groups")).containsExactly("a", "b");
        assertThat(OidcLogin.claimValues(claims, "role")).containsExactly("c");
        assertThat(OidcLogin.claimValues(claims, "realm_access.roles")).containsExactly("d");
        assertThat(OidcLogin.claimValues(claims, "missing.path")).isEmpty();
        assertThat(OidcLogin.scopes("profile email groups")).containsExactly("openid", "profile", "email", "groups");
        assertThat(OidcLogin.scopes("openid,email")).containsExactly("openid", "email");
    }
}
