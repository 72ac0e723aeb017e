package dev.vigil.web.api;

import dev.vigil.identity.Access;
import dev.vigil.identity.VigilPrincipal;
import dev.vigil.posture.FrameworkScopes;
import dev.vigil.posture.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Which frameworks and categories the workspace pursues. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Scope", description = "Frameworks and categories in scope for readiness")
class ScopeApi {

    private final FrameworkScopes scopes;

    ScopeApi(FrameworkScopes scopes) {
        this.scopes = scopes;
    }

    record ScopeView(
            String framework,
            boolean inScope,
            Set<String> categories,
            Set<String> excludedCategories,
            Instant updatedAt,
            String updatedBy) {}

    /** A scope change; {@code inScope} defaults to true, {@code excludedCategories} to none. */
    record ScopeRequest(Boolean inScope, Set<String> excludedCategories) {}

    @GetMapping("/scope")
    @PreAuthorize(Access.READ_POSTURE)
    @Operation(summary = "Scope of every framework")
    List<ScopeView> list(VigilPrincipal principal) {
        return scopes.scopes(principal.workspaceId()).stream().map(this::view).toList();
    }

    @PutMapping("/scope/{framework}")
    @PreAuthorize(Access.MANAGE_SCOPE)
    @Operation(
            summary = "Put a framework in or out of scope, and leave categories out (SOC 2 security always stays in)")
    ScopeView change(VigilPrincipal principal, @PathVariable String framework, @RequestBody ScopeRequest request) {
        if (scopes.categories(framework).isEmpty()
                && scopes.scopes(principal.workspaceId()).stream()
                        .noneMatch(s -> s.frameworkId().equals(framework))) {
            throw new NotFoundException("framework", framework);
        }
        return view(scopes.change(
                principal.workspaceId(),
                framework,
                request.inScope() == null || request.inScope(),
                request.excludedCategories(),
                principal.actor()));
    }

    private ScopeView view(Scope scope) {
        return new ScopeView(
                scope.frameworkId(),
                scope.inScope(),
                scopes.categories(scope.frameworkId()),
                new TreeSet<>(scope.excludedCategories()),
                scope.updatedAt(),
                scope.updatedBy());
    }
}
