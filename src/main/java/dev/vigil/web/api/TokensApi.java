package dev.vigil.web.api;

import dev.vigil.identity.Access;
import dev.vigil.identity.ApiToken;
import dev.vigil.identity.ApiTokenScope;
import dev.vigil.identity.ApiTokens;
import dev.vigil.identity.CurrentPrincipal;
import dev.vigil.identity.VigilPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's API tokens (an owner's: every token of the workspace). A token is shown once, in the answer to the
 * request that issued it.
 */
@RestController
@RequestMapping("/api/v1/tokens")
@Tag(name = "API tokens", description = "Scoped, expiring, revocable tokens for automation")
class TokensApi {

    private final ApiTokens tokens;
    private final Clock clock;

    TokensApi(ApiTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /** A token without its secret. {@code state} is ACTIVE, EXPIRED or REVOKED. */
    record TokenView(
            UUID id,
            String name,
            String owner,
            List<String> scopes,
            Instant createdAt,
            Instant expiresAt,
            Instant lastUsedAt,
            String lastUsedAddress,
            Instant revokedAt,
            String state) {}

    /**
     * A token to issue. {@code scopes}: {@code read} (GET only) and/or {@code write} (everything the owner's role
     * allows). {@code expiresAt}: at most 365 days ahead; absent means 90 days.
     */
    record TokenRequest(String name, List<String> scopes, Instant expiresAt) {}

    /** The token issued, with its secret: this is the only time it is shown. */
    record IssuedView(TokenView token, String secret) {}

    @GetMapping
    @PreAuthorize(Access.MANAGE_OWN_API_TOKENS)
    @Operation(summary = "Your API tokens, newest first (an owner sees every token of the workspace); paginated")
    ResponseEntity<List<TokenView>> list(
            VigilPrincipal principal,
            @RequestParam(required = false) String after,
            @RequestParam(required = false) Integer limit) {
        int pageSize = Pagination.limit(limit);
        UUID cursor = null;
        if (after != null) {
            try {
                cursor = UUID.fromString(Pagination.decode(after, 1)[0]);
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("after", "is not a cursor this endpoint issued");
            }
        }
        List<TokenView> page = tokens.visibleTo(principal, cursor, pageSize).stream()
                .map(this::view)
                .toList();
        return Pagination.page(
                page, pageSize, token -> Pagination.encode(token.id().toString()));
    }

    @PostMapping
    @PreAuthorize(Access.MANAGE_OWN_API_TOKENS)
    @Operation(summary = "Issue an API token to yourself; the answer holds the token, shown only this once")
    ResponseEntity<IssuedView> issue(Authentication authentication, @RequestBody TokenRequest request) {
        VigilPrincipal principal = CurrentPrincipal.of(authentication);
        ApiTokens.Issued issued = tokens.issue(
                principal,
                request.name(),
                request.scopes(),
                request.expiresAt(),
                ApiTokens.presented(authentication).orElse(null));
        return ResponseEntity.created(
                        URI.create("/api/v1/tokens/" + issued.token().id()))
                .body(new IssuedView(view(issued.token()), issued.secret()));
    }

    @GetMapping("/{id}")
    @PreAuthorize(Access.MANAGE_OWN_API_TOKENS)
    @Operation(summary = "One of your API tokens (an owner: any of the workspace)")
    TokenView get(VigilPrincipal principal, @PathVariable UUID id) {
        return tokens.find(principal, id).map(this::view).orElseThrow(() -> new NotFoundException("token", id));
    }

    @DeleteMapping("/{id}")
    @PreAuthorize(Access.MANAGE_OWN_API_TOKENS)
    @Operation(summary = "Revoke one of your API tokens (an owner: any of the workspace); it stops working at once")
    ResponseEntity<Void> revoke(VigilPrincipal principal, @PathVariable UUID id) {
        if (!tokens.revoke(principal, id)) {
            throw new NotFoundException("token", id);
        }
        return ResponseEntity.noContent().build();
    }

    private TokenView view(ApiToken token) {
        return new TokenView(
                token.id(),
                token.name(),
                token.ownerEmail(),
                token.scopes().stream().map(ApiTokenScope::id).toList(),
                token.createdAt(),
                token.expiresAt(),
                token.lastUsedAt(),
                token.lastUsedAddress(),
                token.revokedAt(),
                token.state(clock.instant()).name());
    }
}
