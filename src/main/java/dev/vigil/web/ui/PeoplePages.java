package dev.vigil.web.ui;

import dev.vigil.identity.Access;
import dev.vigil.identity.SecondFactors;
import dev.vigil.identity.VigilPrincipal;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The people of the workspace and their second factor, for owners: reset one to make its owner enroll again. */
@Controller
class PeoplePages {

    private final SecondFactors factors;

    PeoplePages(SecondFactors factors) {
        this.factors = factors;
    }

    @GetMapping("/settings/people")
    @PreAuthorize(Access.MANAGE_PEOPLE)
    String list(VigilPrincipal principal, Model model) {
        model.addAttribute("people", factors.members(principal.workspaceId()));
        model.addAttribute("me", principal.userId());
        return "settings/people";
    }

    @PostMapping("/settings/people/{id}/second-factor/reset")
    @PreAuthorize(Access.MANAGE_PEOPLE)
    String reset(VigilPrincipal principal, @PathVariable UUID id, RedirectAttributes redirect) {
        // One's own factor is not reset from a session it protects: a stolen session must not be enough to
        // replace it. Another owner, or a recovery code, helps someone who lost their authenticator.
        if (id.equals(principal.userId()) || !factors.reset(principal, id)) {
            throw new PageNotFoundException("person", id.toString());
        }
        redirect.addFlashAttribute("resetDone", true);
        return "redirect:/settings/people";
    }
}
