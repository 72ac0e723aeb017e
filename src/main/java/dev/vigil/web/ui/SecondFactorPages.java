package dev.vigil.web.ui;

import dev.vigil.identity.Access;
import dev.vigil.identity.SecondFactorSignIn;
import dev.vigil.identity.SecondFactors;
import dev.vigil.identity.VigilPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The second step of signing in: set up an authenticator (first sign-in, or after an owner reset it), or type
 * a code from it, or a recovery code. Reached only with a right password; the rules live in {@link
 * SecondFactorSignIn}.
 */
@Controller
class SecondFactorPages {

    private final SecondFactorSignIn signIn;

    SecondFactorPages(SecondFactorSignIn signIn) {
        this.signIn = signIn;
    }

    @GetMapping("/mfa")
    @PreAuthorize(Access.FIRST_FACTOR_VERIFIED)
    String step(Authentication authentication, HttpServletRequest request, Model model) {
        Optional<VigilPrincipal> person = SecondFactorSignIn.pending(authentication);
        if (person.isEmpty()) {
            // Both factors are done already.
            return "redirect:/";
        }
        return render(signIn.next(request, person.get()), model);
    }

    @PostMapping("/mfa/enroll")
    @PreAuthorize(Access.FIRST_FACTOR_VERIFIED)
    String confirm(
            @RequestParam(defaultValue = "") String code,
            Authentication authentication,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        if (SecondFactorSignIn.pending(authentication).isEmpty()) {
            return "redirect:/";
        }
        SecondFactorSignIn.Result result = signIn.confirmEnrollment(request, response, authentication, code);
        if (result instanceof SecondFactorSignIn.Result.SignedIn signedIn) {
            model.addAttribute("recoveryCodes", signedIn.recoveryCodes());
            model.addAttribute("continueTo", signedIn.continueTo());
            return "mfa/recovery-codes";
        }
        return refused(result, authentication, request, response, model);
    }

    @PostMapping("/mfa/verify")
    @PreAuthorize(Access.FIRST_FACTOR_VERIFIED)
    String verify(
            @RequestParam(defaultValue = "") String code,
            Authentication authentication,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        if (SecondFactorSignIn.pending(authentication).isEmpty()) {
            return "redirect:/";
        }
        SecondFactorSignIn.Result result = signIn.verify(request, response, authentication, code);
        if (result instanceof SecondFactorSignIn.Result.SignedIn signedIn) {
            return "redirect:" + signedIn.continueTo();
        }
        return refused(result, authentication, request, response, model);
    }

    @PostMapping("/mfa/recover")
    @PreAuthorize(Access.FIRST_FACTOR_VERIFIED)
    String recover(
            @RequestParam(name = "recoveryCode", defaultValue = "") String recoveryCode,
            Authentication authentication,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        if (SecondFactorSignIn.pending(authentication).isEmpty()) {
            return "redirect:/";
        }
        SecondFactorSignIn.Result result = signIn.recover(request, response, authentication, recoveryCode);
        if (result instanceof SecondFactorSignIn.Result.SignedIn signedIn) {
            return "redirect:" + signedIn.continueTo();
        }
        model.addAttribute("recoveryFailed", true);
        return refused(result, authentication, request, response, model);
    }

    private String refused(
            SecondFactorSignIn.Result result,
            Authentication authentication,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        if (result instanceof SecondFactorSignIn.Result.Locked locked) {
            response.setStatus(429);
            model.addAttribute("lockedMinutes", locked.minutes());
        } else if (result instanceof SecondFactorSignIn.Result.Refused refused) {
            response.setStatus(422);
            model.addAttribute("refusal", refused.outcome().name());
        }
        VigilPrincipal person = SecondFactorSignIn.pending(authentication).orElseThrow();
        return render(signIn.next(request, person), model);
    }

    private static String render(SecondFactorSignIn.Step step, Model model) {
        if (step instanceof SecondFactorSignIn.Step.Enroll enroll) {
            model.addAttribute("email", enroll.email());
            model.addAttribute("secret", enroll.secret());
            model.addAttribute("secretGroups", group(enroll.secret()));
            model.addAttribute("qrCode", QrCodeSvg.of(enroll.provisioningUri(), 220));
            model.addAttribute("recoveryCodeCount", SecondFactors.RECOVERY_CODES);
            return "mfa/enroll";
        }
        model.addAttribute("email", ((SecondFactorSignIn.Step.Verify) step).email());
        return "mfa/verify";
    }

    /** The secret in groups of four, easier to type; spaces are ignored when it is read back. */
    static String group(String secret) {
        return secret.replaceAll("(.{4})(?!$)", "$1 ");
    }
}
