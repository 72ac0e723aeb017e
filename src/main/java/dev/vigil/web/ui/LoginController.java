package dev.vigil.web.ui;

import dev.vigil.identity.Access;
import dev.vigil.identity.SecondFactorSignIn;
import dev.vigil.identity.SingleSignOn;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The sign-in page: the password form and, when single sign-on is configured, a button for the identity provider
 * (the only way in for everyone but the break-glass owner in SSO-only mode). Spring Security handles the POST and
 * the provider's answer; a failed attempt comes back here with {@code ?error} or {@code ?sso=<reason>}.
 */
@Controller
class LoginController {

    /** Why a single sign-on was refused, as {@code OidcLogin} reports it; anything else reads as a plain failure. */
    private static final java.util.Set<String> SSO_REFUSALS =
            java.util.Set.of("no-email", "email-not-verified", "no-role", "account-conflict", "failed");

    private final SingleSignOn sso;

    LoginController(SingleSignOn sso) {
        this.sso = sso;
    }

    @GetMapping("/login")
    @PreAuthorize(Access.ANYONE)
    String login(
            Authentication authentication,
            @RequestParam(name = "locked", required = false) String locked,
            @RequestParam(name = "sso", required = false) String ssoRefusal,
            jakarta.servlet.http.HttpServletRequest request,
            Model model) {
        if (authentication != null
                && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken)) {
            return SecondFactorSignIn.complete(authentication) ? "redirect:/" : "redirect:/mfa";
        }
        if (locked != null) {
            // Minutes to wait, as the throttle computed them; anything else in the address shows the shortest wait.
            model.addAttribute("lockedMinutes", locked.matches("[0-9]{1,2}") ? Integer.parseInt(locked) : 1);
        }
        if (sso.enabled()) {
            model.addAttribute("ssoName", sso.name());
            model.addAttribute("ssoStart", SingleSignOn.START_PATH);
            if (ssoRefusal != null) {
                model.addAttribute("ssoRefusal", SSO_REFUSALS.contains(ssoRefusal) ? ssoRefusal : "failed");
            }
        }
        // In SSO-only mode the password form is for the break-glass owner alone, at /login?breakGlass.
        boolean breakGlass = request.getParameterMap().containsKey("breakGlass");
        model.addAttribute("passwordForm", sso.passwordSignIn() || breakGlass);
        model.addAttribute("breakGlass", !sso.passwordSignIn() && breakGlass);
        return "login";
    }
}
