package dev.vigil.identity;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * Vigil refuses a person the identity provider vouched for.
 *
 * @see Reason
 */
final class SsoRefusal extends OAuth2AuthenticationException {

    /** Why; the code is shown to the person (as {@code /login?sso=<code>}) and recorded in the audit log. */
    enum Reason {
        /** The provider sent no email address. */
        NO_EMAIL("no-email"),
        /** The provider does not say the email address is verified. */
        EMAIL_NOT_VERIFIED("email-not-verified"),
        /** None of the person's groups maps to a role, and there is no fallback. */
        NO_ROLE("no-role"),
        /** The email belongs to a Vigil account already linked to another identity at the provider. */
        ACCOUNT_CONFLICT("account-conflict");

        final String code;

        Reason(String code) {
            this.code = code;
        }
    }

    private final Reason reason;
    private final String email;

    SsoRefusal(Reason reason, String email) {
        super(new OAuth2Error("vigil_" + reason.code.replace('-', '_')), reason.code);
        this.reason = reason;
        this.email = email;
    }

    Reason reason() {
        return reason;
    }

    String email() {
        return email;
    }
}
