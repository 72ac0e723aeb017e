package dev.vigil.web.ui;

import dev.vigil.catalog.FrameworkCatalog;
import dev.vigil.identity.Access;
import dev.vigil.identity.VigilPrincipal;
import dev.vigil.posture.FrameworkScopes;
import dev.vigil.posture.InvalidScopeException;
import dev.vigil.posture.Scope;
import jakarta.servlet.http.HttpServletResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Choosing the frameworks, and SOC 2 categories, the workspace pursues. */
@Controller
class ScopePages {

    private final FrameworkScopes scopes;
    private final FrameworkCatalog catalog;

    ScopePages(FrameworkScopes scopes, FrameworkCatalog catalog) {
        this.scopes = scopes;
        this.catalog = catalog;
    }

    /** One framework's scope as the form shows it. */
    record Row(String frameworkId, String name, Scope scope, Set<String> categories) {}

    @GetMapping("/settings/scope")
    @PreAuthorize(Access.MANAGE_SCOPE)
    String page(VigilPrincipal principal, Model model) {
        return render(principal, model, Map.of());
    }

    @PostMapping("/settings/scope/{framework}")
    @PreAuthorize(Access.MANAGE_SCOPE)
    String change(
            VigilPrincipal principal,
            @PathVariable String framework,
            @RequestParam(defaultValue = "false") boolean inScope,
            @RequestParam(name = "included", required = false) List<String> included,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        if (catalog.framework(framework).isEmpty()) {
            throw new PageNotFoundException("framework", framework);
        }
        // The form lists categories to keep; the service stores those left out.
        Set<String> excluded = new HashSet<>(scopes.categories(framework));
        if (included != null) {
            excluded.removeAll(included);
        }
        try {
            scopes.change(principal.workspaceId(), framework, inScope, excluded, principal.actor());
            redirect.addFlashAttribute(
                    "saved", catalog.framework(framework).orElseThrow().name());
            return "redirect:/settings/scope";
        } catch (InvalidScopeException e) {
            response.setStatus(422);
            return render(principal, model, e.fieldErrors());
        }
    }

    private String render(VigilPrincipal principal, Model model, Map<String, String> errors) {
        model.addAttribute(
                "rows",
                scopes.scopes(principal.workspaceId()).stream()
                        .map(scope -> new Row(
                                scope.frameworkId(),
                                catalog.framework(scope.frameworkId())
                                        .orElseThrow()
                                        .name(),
                                scope,
                                scopes.categories(scope.frameworkId())))
                        .toList());
        model.addAttribute("errors", errors);
        return "settings/scope";
    }
}
