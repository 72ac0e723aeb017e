package dev.vigil.identity;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which Vigil role a person gets from the group or role names the identity provider sends.
 *
 * <p>Syntax ({@code VIGIL_OIDC_ROLE_MAPPING}): entries separated by commas, each {@code value=ROLE}, where
 * {@code value} is matched exactly (case-sensitive) against each value of the role claim, and {@code ROLE} is
 * one of {@code OWNER}, {@code ADMIN}, {@code AUDITOR}, {@code MEMBER} (any case). Spaces around entries are
 * ignored. The value {@code *} is the fallback for a person none of whose values match. When several entries
 * match, the most powerful role wins (owner, then admin, auditor, member). No match and no fallback: the person
 * has no role and is refused. Example: {@code vigil-owners=OWNER, vigil-admins=ADMIN, auditors=AUDITOR, *=MEMBER}.
 */
final class RoleMapping {

    static final String FALLBACK = "*";

    /** Most powerful first. */
    private static final List<Role> PRECEDENCE = List.of(Role.OWNER, Role.ADMIN, Role.AUDITOR, Role.MEMBER);

    private final Map<String, Role> entries;

    private RoleMapping(Map<String, Role> entries) {
        this.entries = entries;
    }

    /**
     * Reads a mapping.
     *
     * @throws IllegalArgumentException naming the entry that is not {@code value=ROLE}, an unknown role, or a
     *     value given twice
     */
    static RoleMapping parse(String text) {
        Map<String, Role> entries = new LinkedHashMap<>();
        if (text != null) {
            for (String entry : text.split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                int equals = entry.lastIndexOf('=');
                String value = equals < 0 ? "" : entry.substring(0, equals).strip();
                String roleName = equals < 0 ? "" : entry.substring(equals + 1).strip();
                if (value.isEmpty() || roleName.isEmpty()) {
                    throw new IllegalArgumentException(
                            "VIGIL_OIDC_ROLE_MAPPING: '" + entry.strip() + "' is not of the form value=ROLE");
                }
                Role role;
                try {
                    role = Role.valueOf(roleName.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("VIGIL_OIDC_ROLE_MAPPING: '" + roleName
                            + "' is not a role (OWNER, ADMIN, AUDITOR or MEMBER)");
                }
                Role previous = entries.put(value, role);
                if (previous != null && previous != role) {
                    throw new IllegalArgumentException(
                            "VIGIL_OIDC_ROLE_MAPPING: '" + value + "' is mapped to both " + previous + " and " + role);
                }
            }
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("VIGIL_OIDC_ROLE_MAPPING is empty: with single sign-on on, say which"
                    + " groups get which role (for example vigil-admins=ADMIN,*=MEMBER)");
        }
        return new RoleMapping(entries);
    }

    /** The role for these claim values, or empty when none matches and there is no fallback. */
    Optional<Role> roleFor(Collection<String> values) {
        Optional<Role> matched = values.stream()
                .filter(value -> !FALLBACK.equals(value))
                .map(entries::get)
                .filter(role -> role != null)
                .min(Comparator.comparingInt(PRECEDENCE::indexOf));
        return matched.isPresent() ? matched : Optional.ofNullable(entries.get(FALLBACK));
    }
}
