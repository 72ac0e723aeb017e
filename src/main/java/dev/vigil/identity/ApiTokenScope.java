package dev.vigil.identity;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * What an API token may do on top of its owner's role: a token's rights are its owner's role intersected with its
 * scopes. The scope a request needs follows from its HTTP method alone (see {@link #requiredFor(String)}), so an
 * endpoint added later is covered without declaring anything.
 */
public enum ApiTokenScope {
    /** Safe requests only: GET, HEAD and OPTIONS. */
    READ,
    /** Every request the owner's role allows, reads included. */
    WRITE;

    /** The name in the API, the UI and the database ({@code read}, {@code write}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scope named {@code id}, if there is one; names are matched exactly. */
    public static Optional<ApiTokenScope> parse(String id) {
        for (ApiTokenScope scope : values()) {
            if (scope.id().equals(id)) {
                return Optional.of(scope);
            }
        }
        return Optional.empty();
    }

    /**
     * The scope a request with this method needs. Anything but the safe methods needs {@link #WRITE}, including
     * methods no endpoint uses today, so a token cannot slip past the rule with an unusual method.
     */
    public static ApiTokenScope requiredFor(String httpMethod) {
        return switch (httpMethod == null ? "" : httpMethod) {
            case "GET", "HEAD", "OPTIONS" -> READ;
            default -> WRITE;
        };
    }

    /** Whether a token holding {@code granted} has {@code required}: write includes read. */
    public static boolean covers(Collection<ApiTokenScope> granted, ApiTokenScope required) {
        return granted.contains(required) || (required == READ && granted.contains(WRITE));
    }

    /** The Spring Security authority that tells which scopes a request's token holds ({@code SCOPE_read}). */
    public String authority() {
        return "SCOPE_" + id();
    }
}
