package dev.vigil.web.ui;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page. Spring Security handles the POST; a failed attempt comes back here with {@code ?error}. */
@Controller
class LoginController {

    // Anyone may see the sign-in form: it is how an anonymous caller becomes one of the Access roles.
    @GetMapping("/login")
    @PreAuthorize("permitAll()")
    String login(Authentication authentication) {
        if (authentication != null
                && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken)) {
            return "redirect:/";
        }
        return "login";
    }
}
