package dev.vigil.web.ui;

import dev.vigil.identity.Access;
import dev.vigil.identity.ApiToken;
import dev.vigil.identity.ApiTokenScope;
import dev.vigil.identity.ApiTokens;
import dev.vigil.identity.InvalidApiTokenException;
import dev.vigil.identity.Role;
import dev.vigil.identity.VigilPrincipal;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The reader's API tokens (an owner's: every token of the workspace): create one, shown once, and revoke one after
 * a confirmation page.
 */
@Controller
class TokenPages {

    /** Lifetimes offered in days; the default is {@link ApiTokens#DEFAULT_LIFETIME}. */
    static final List<Integer> LIFETIMES = List.of(7, 30, 90, 180, 365);

    /** How many tokens the page lists, newest first. */
    static final int SHOWN = 200;

    private final ApiTokens tokens;
    private final MessageSource messages;
    private final Clock clock;

    TokenPages(ApiTokens tokens, MessageSource messages, Clock clock) {
        this.tokens = tokens;
        this.messages = messages;
        this.clock = clock;
    }

    /** One token as the list shows it. */
    record Row(ApiToken token, ApiToken.State state, boolean mine) {}

    /** What the form holds, to show it again after a mistake. */
    record Form(String name, String scope, int days) {}

    @GetMapping("/settings/tokens")
    @PreAuthorize(Access.MANAGE_OWN_API_TOKENS)
    String list(VigilPrincipal principal, Model model) {
        return render(
                principal,
                model,
                new Form("", ApiTokenScope.READ.id(), (int) ApiTokens.DEFAULT_LIFETIME.toDays()),
                Map.of());
    }

    @PostMapping("/settings/tokens")
    @PreAuthorize(Access.MANAGE_OWN_API_TOKENS)
    String issue(
            VigilPrincipal principal,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String scope,
            @RequestParam(defaultValue = "90") int days,
            Model model,
            Locale locale,
            HttpServletResponse response) {
        Form form = new Form(name, scope, days);
        if (!LIFETIMES.contains(days)) {
            response.setStatus(422);
            return render(
                    principal,
                    model,
                    form,
                    FieldErrorMessages.localize(
                            Map.of("expiresAt", "must be one of the offered lifetimes"), messages, locale));
        }
        try {
            ApiTokens.Issued issued = tokens.issue(
                    principal,
                    name,
                    scope.isBlank() ? List.of() : List.of(scope),
                    clock.instant().plus(Duration.ofDays(days)),
                    null);
            // The page holds the secret: it is rendered straight away (not kept in the session for a redirect)
            // and must not be stored by the browser or a proxy.
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            model.addAttribute("issued", issued);
            return render(
                    principal,
                    model,
                    new Form("", ApiTokenScope.READ.id(), (int) ApiTokens.DEFAULT_LIFETIME.toDays()),
                    Map.of());
        } catch (InvalidApiTokenException e) {
            response.setStatus(422);
            return render(principal, model, form, FieldErrorMessages.localize(e.fieldErrors(), messages, locale));
        }
    }

    @GetMapping("/settings/tokens/{id}/revoke")
    @PreAuthorize(Access.MANAGE_OWN_API_TOKENS)
    String confirmRevoke(VigilPrincipal principal, @PathVariable UUID id, Model model) {
        ApiToken token =
                tokens.find(principal, id).orElseThrow(() -> new PageNotFoundException("token", id.toString()));
        model.addAttribute("token", token);
        model.addAttribute("mine", token.ownerId().equals(principal.userId()));
        return "settings/token-revoke";
    }

    @PostMapping("/settings/tokens/{id}/revoke")
    @PreAuthorize(Access.MANAGE_OWN_API_TOKENS)
    String revoke(VigilPrincipal principal, @PathVariable UUID id, RedirectAttributes redirect) {
        ApiToken token =
                tokens.find(principal, id).orElseThrow(() -> new PageNotFoundException("token", id.toString()));
        tokens.revoke(principal, id);
        redirect.addFlashAttribute("revoked", token.name());
        return "redirect:/settings/tokens";
    }

    private String render(VigilPrincipal principal, Model model, Form form, Map<String, String> errors) {
        Instant now = clock.instant();
        model.addAttribute(
                "rows",
                tokens.visibleTo(principal, null, SHOWN).stream()
                        .map(token ->
                                new Row(token, token.state(now), token.ownerId().equals(principal.userId())))
                        .toList());
        model.addAttribute("everyone", principal.role() == Role.OWNER);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("scopes", List.of(ApiTokenScope.values()));
        model.addAttribute("lifetimes", LIFETIMES);
        return "settings/tokens";
    }
}
