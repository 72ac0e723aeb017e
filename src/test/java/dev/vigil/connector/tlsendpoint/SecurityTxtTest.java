package dev.vigil.connector.tlsendpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 9116 parsing: fields, the problems that do not depend on policy, and cleartext-signed files. */
class SecurityTxtTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final String URL = "https://example.com/.well-known/security.txt";

    @Test
    void readsFieldsCaseInsensitivelyWithCrlfLineEnds() {
        Map<String, Object> parsed = SecurityTxt.parse(
                "# comment\r\ncontact: mailto:security@example.com\r\nEXPIRES: 2027-01-01t00:00:00z\r\n" + "Canonical: "
                        + URL + "\r\nPreferred-Languages: en, pt\r\nX-Custom: ignored\r\n",
                URL,
                NOW);

        assertThat(parsed)
                .containsEntry("contacts", List.of("mailto:security@example.com"))
                .containsEntry("expiresAt", "2027-01-01T00:00:00Z")
                .containsEntry("expiresInFuture", true)
                .containsEntry("daysUntilExpires", 34L)
                .containsEntry("preferredLanguages", List.of("en, pt"))
                .containsEntry("signed", false)
                .containsEntry("problems", List.of());
    }

    @Test
    void namesWhatIsWrong() {
        Map<String, Object> parsed = SecurityTxt.parse(
                "Contact: security@example.com\nContact: http://example.com/report\n"
                        + "Expires: 2026-01-01T00:00:00+01:00\nCanonical: https://www.example.com/.well-known/security.txt\n",
                URL,
                NOW);

        assertThat(parsed).containsEntry("expiresInFuture", false).containsEntry("daysUntilExpires", -331L);
        assertThat(parsed.get("problems"))
                .isEqualTo(List.of(
                        "Contact 'security@example.com' is not a URI (an address needs mailto:)",
                        "Contact http://example.com/report uses http://; web contacts must use https://",
                        "Expires 2026-01-01T00:00:00+01:00 is in the past: the file is stale",
                        "fetched from " + URL + ", which no Canonical field lists (Canonical:"
                                + " https://www.example.com/.well-known/security.txt)"));
    }

    @Test
    void anEmptyFileLacksContactAndExpires() {
        assertThat(SecurityTxt.parse("", URL, NOW).get("problems"))
                .isEqualTo(List.of(
                        "no Contact field (at least one is required)", "no Expires field (exactly one is required)"));
    }

    @Test
    void unwrapsACleartextSignatureAndSaysItWasNotVerified() {
        String signed = """
                -----BEGIN PGP SIGNED MESSAGE-----
                Hash: SHA512

                Contact: mailto:security@example.com
                Expires: 2027-06-01T00:00:00Z
                - --- a line the signer dash-escaped
                -----BEGIN PGP SIGNATURE-----

                iHUEARYKAB0WIQ==
                =ABCD
                -----END PGP SIGNATURE-----
                """;

        Map<String, Object> parsed = SecurityTxt.parse(signed, URL, NOW);

        assertThat(parsed)
                .containsEntry("signed", true)
                .containsEntry("signature", "signed, signature not verified: no key configured")
                .containsEntry("contacts", List.of("mailto:security@example.com"))
                .as("the escaped line is read unescaped")
                .containsEntry(
                        "problems",
                        List.of("line 3 is neither a field nor a comment: '--- a line the signer dash-escaped'"));
    }

    @Test
    void aSignedFileWithoutSignatureBlockIsAProblem() {
        Map<String, Object> parsed = SecurityTxt.parse(
                "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nContact: mailto:a@example.com\n"
                        + "Expires: 2027-06-01T00:00:00Z\n",
                URL,
                NOW);
        assertThat(parsed.get("problems"))
                .isEqualTo(List.of("the file starts as a PGP signed message but has no signature block"));
    }
}
