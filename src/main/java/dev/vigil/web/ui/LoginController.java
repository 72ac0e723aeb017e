package dev.vigil.web.ui;

import dev.vigil.identity.Access;
import dev.vigil.identity.SecondFactorSignIn;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in page. Spring Security handles the POST; a failed attempt comes back here with {@code ?error}. */
@Controller
class LoginController {

    @GetMapping("/login")
    @PreAuthorize(Access.ANYONE)
    String login(
            Authentication authentication,
            @RequestParam(name = "locked", required = false) String locked,
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
        return "login";
    }
}
