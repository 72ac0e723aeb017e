package dev.vigil.monitoring;

import static dev.vigil.monitoring.CheckStatus.FAIL;
import static dev.vigil.monitoring.CheckStatus.NOT_APPLICABLE;
import static dev.vigil.monitoring.CheckStatus.PASS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.catalog.CheckDefinition;
import dev.vigil.catalog.FrameworkCatalog;
import dev.vigil.connector.ObservedResource;
import dev.vigil.connector.tlsendpoint.EndpointRuns;
import dev.vigil.connector.tlsendpoint.IssuingCa;
import dev.vigil.connector.tlsendpoint.LoopbackHttpsServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shipped endpoint.tls check, evaluated on what the real tls-endpoint connector observes from real HTTPS
 * servers on loopback: a well-configured one, and one server per kind of mistake. Each test states the outcome
 * of every check that differs from PASS, so a changed check or connector shows up as a changed expectation.
 */
class TlsEndpointChecksTest {

    private static final FrameworkCatalog CATALOG = FrameworkCatalog.load("content");
    private static final CheckEngine ENGINE = new CheckEngine(CATALOG, List.of(new DataVolumesEncryptedCheck()));
    private static final IssuingCa CA = new IssuingCa("Vigil Checks Test CA");
    private static final Map<String, String> GOOD = LoopbackHttpsServer.GOOD_HEADERS;

    @TempDir
    static Path directory;

    private static Path bundle;
    private static IssuingCa.Identity localhost;

    @BeforeAll
    static void issue() throws Exception {
        bundle = CA.writeBundle(directory.resolve("ca.pem"));
        localhost = CA.issue(IssuingCa.server("localhost"));
    }

    static Map<String, CheckOutcome> evaluate(
            IssuingCa.Identity identity, Map<String, String> headers, String securityTxt) throws Exception {
        return evaluate(identity, new String[] {"TLSv1.3", "TLSv1.2"}, headers, securityTxt, Map.of());
    }

    static Map<String, CheckOutcome> evaluate(
            IssuingCa.Identity identity,
            String[] protocols,
            Map<String, String> headers,
            String securityTxt,
            Map<String, Object> extraSettings)
            throws Exception {
        try (LoopbackHttpsServer server = LoopbackHttpsServer.start(identity, protocols, headers, securityTxt)) {
            Map<String, Object> settings = new HashMap<>(Map.of(
                    "host", "localhost", "port", server.port(), "trustStore", bundle.toString(), "timeoutSeconds", 3));
            settings.putAll(extraSettings);
            return evaluate(EndpointRuns.collect(settings));
        }
    }

    /** Runs every endpoint.tls check of the catalog on one observed endpoint. */
    public static Map<String, CheckOutcome> evaluate(ObservedResource endpoint) {
        Map<String, CheckOutcome> outcomes = new TreeMap<>();
        for (CheckDefinition check : CATALOG.checksFor("endpoint.tls")) {
            outcomes.put(check.id(), ENGINE.evaluate(check, endpoint.attributes(), endpoint.unknown()));
        }
        return outcomes;
    }

    /** PASS for every check except the ones named. */
    private static Map<String, CheckStatus> allPassExcept(Map<String, CheckStatus> exceptions) {
        Map<String, CheckStatus> expected = new TreeMap<>();
        CATALOG.checksFor("endpoint.tls").forEach(check -> expected.put(check.id(), PASS));
        expected.putAll(exceptions);
        return expected;
    }

    static Map<String, CheckStatus> statuses(Map<String, CheckOutcome> outcomes) {
        return outcomes.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().status(), (a, b) -> a, TreeMap::new));
    }

    private static String reason(Map<String, CheckOutcome> outcomes, String id) {
        return outcomes.get(id).reason();
    }

    @Test
    void aWellConfiguredSitePassesEveryCheck() throws Exception {
        Map<String, CheckOutcome> outcomes = evaluate(localhost, GOOD, LoopbackHttpsServer.validSecurityTxt());

        assertThat(outcomes).hasSizeGreaterThanOrEqualTo(12);
        assertThat(outcomes)
                .allSatisfy((id, outcome) -> assertThat(outcome.status())
                        .as("%s: %s", id, outcome.reason())
                        .isEqualTo(PASS));
        assertThat(reason(outcomes, "tls.modern-protocol-offered")).isEqualTo("Accepted versions: TLS 1.2, TLS 1.3.");
        assertThat(reason(outcomes, "tls.certificate-key-strong")).isEqualTo("The key is RSA 2048 bits.");
        assertThat(reason(outcomes, "web.hsts-enabled"))
                .isEqualTo(
                        "Strict-Transport-Security: max-age=31536000; includeSubDomains (minimum max-age 15552000 s).");
        assertThat(reason(outcomes, "web.security-txt-valid"))
                .startsWith("security.txt is valid: 2 Contact field(s), Expires ")
                .endsWith(" days ahead (at most 365), not signed.");
    }

    @Test
    void anExpiredCertificateFailsTheChainAndBothExpiryChecks() throws Exception {
        Map<String, CheckOutcome> outcomes = evaluate(
                CA.issue(IssuingCa.server("localhost").expiredSince(Duration.ofDays(2))),
                GOOD,
                LoopbackHttpsServer.validSecurityTxt());

        assertThat(statuses(outcomes))
                .isEqualTo(allPassExcept(Map.of(
                        "tls.certificate-chain-trusted", FAIL,
                        "tls.certificate-not-expiring", FAIL,
                        "tls.certificate-renewed-early", FAIL)));
        assertThat(reason(outcomes, "tls.certificate-chain-trusted"))
                .startsWith("The chain is not trusted: the certificate expired on "
                        + Instant.now().minus(2, ChronoUnit.DAYS).toString().substring(0, 10));
        assertThat(reason(outcomes, "tls.certificate-not-expiring")).startsWith("-3 days left, expires ");
    }

    @Test
    void aCertificateExpiringInThreeWeeksOnlyTriggersTheEarlyWarning() throws Exception {
        Map<String, CheckOutcome> outcomes = evaluate(
                CA.issue(IssuingCa.server("localhost")
                        .validFor(Duration.ofDays(21).plusHours(1))),
                GOOD,
                LoopbackHttpsServer.validSecurityTxt());

        assertThat(statuses(outcomes)).isEqualTo(allPassExcept(Map.of("tls.certificate-renewed-early", FAIL)));
        assertThat(reason(outcomes, "tls.certificate-renewed-early"))
                .startsWith("21 days left, expires ")
                .endsWith("(renewal expected 30 days ahead); plan the renewal before it becomes urgent.");
        // Severity is ordered from CRITICAL down to LOW.
        assertThat(CATALOG.check("tls.certificate-renewed-early").orElseThrow().severity())
                .as("the early warning ranks below the urgent check")
                .isGreaterThan(CATALOG.check("tls.certificate-not-expiring")
                        .orElseThrow()
                        .severity());
    }

    @Test
    void aSelfSignedCertificateIsNotTrusted() throws Exception {
        Map<String, CheckOutcome> outcomes = evaluate(
                CA.issue(IssuingCa.server("localhost").selfSigned()), GOOD, LoopbackHttpsServer.validSecurityTxt());

        assertThat(statuses(outcomes)).isEqualTo(allPassExcept(Map.of("tls.certificate-chain-trusted", FAIL)));
        assertThat(reason(outcomes, "tls.certificate-chain-trusted"))
                .isEqualTo("The chain is not trusted: self-signed certificate (CN=localhost), not issued by an"
                        + " authority in " + bundle + ".");
    }

    @Test
    void aCertificateForAnotherNameFailsTheHostnameCheck() throws Exception {
        Map<String, CheckOutcome> outcomes = evaluate(
                CA.issue(IssuingCa.server("www.example.test", "*.example.test")),
                GOOD,
                LoopbackHttpsServer.validSecurityTxt());

        assertThat(statuses(outcomes)).isEqualTo(allPassExcept(Map.of("tls.certificate-hostname-matches", FAIL)));
        assertThat(reason(outcomes, "tls.certificate-hostname-matches"))
                .isEqualTo("Name mismatch: localhost matches no name in the certificate (names in the certificate:"
                        + " www.example.test, *.example.test).");
    }

    @Test
    void aShortRsaKeySignedWithSha1FailsTheKeyAndSignatureChecks() throws Exception {
        Map<String, CheckOutcome> outcomes = evaluate(
                CA.issue(IssuingCa.server("localhost").rsa(1024).signedWith("SHA1withRSA")),
                new String[] {"TLSv1.2"},
                GOOD,
                LoopbackHttpsServer.validSecurityTxt(),
                Map.of());

        assertThat(statuses(outcomes))
                .isEqualTo(allPassExcept(Map.of(
                        "tls.certificate-key-strong", FAIL,
                        "tls.certificate-signatures-strong", FAIL)));
        assertThat(reason(outcomes, "tls.certificate-key-strong")).startsWith("The key is RSA 1024 bits;");
        assertThat(reason(outcomes, "tls.certificate-signatures-strong"))
                .isEqualTo("Weak signature in the chain: leaf CN=localhost signed with SHA1withRSA.");
        assertThat(reason(outcomes, "tls.modern-protocol-offered")).isEqualTo("Accepted versions: TLS 1.2.");
    }

    @Test
    void anEllipticCurveKeyIsStrong() throws Exception {
        Map<String, CheckOutcome> outcomes =
                evaluate(CA.issue(IssuingCa.server("localhost").ec()), GOOD, LoopbackHttpsServer.validSecurityTxt());

        assertThat(outcomes.get("tls.certificate-key-strong"))
                .isEqualTo(CheckOutcome.pass("The key is EC 256 bits.", "EC 256 bits"));
    }

    @Test
    void aSiteWithoutHeadersOrSecurityTxtFailsTheWebChecks() throws Exception {
        Map<String, CheckOutcome> outcomes = evaluate(localhost, Map.of(), null);

        assertThat(statuses(outcomes))
                .isEqualTo(allPassExcept(Map.of(
                        "web.hsts-enabled", FAIL,
                        "web.content-security-policy-set", FAIL,
                        "web.content-type-sniffing-disabled", FAIL,
                        "web.framing-restricted", FAIL,
                        "web.security-txt-present", FAIL,
                        "web.security-txt-valid", NOT_APPLICABLE,
                        "web.security-txt-renewed-early", NOT_APPLICABLE)));
        assertThat(reason(outcomes, "web.hsts-enabled")).startsWith("no Strict-Transport-Security header");
        assertThat(reason(outcomes, "web.framing-restricted"))
                .startsWith("CSP frame-ancestors: not set, X-Frame-Options: not set;");
        assertThat(reason(outcomes, "web.security-txt-present"))
                .startsWith("https://localhost:")
                .contains("/.well-known/security.txt answered HTTP 404 with text/html;");
    }

    @Test
    void weakHeaderValuesFailAndXFrameOptionsAloneProtectsFraming() throws Exception {
        Map<String, CheckOutcome> outcomes = evaluate(
                localhost,
                Map.of(
                        "Strict-Transport-Security", "max-age=86400",
                        "Content-Security-Policy-Report-Only", "default-src 'self'",
                        "X-Content-Type-Options", "sniff-away",
                        "X-Frame-Options", "sameorigin"),
                LoopbackHttpsServer.validSecurityTxt());

        assertThat(statuses(outcomes))
                .isEqualTo(allPassExcept(Map.of(
                        "web.hsts-enabled", FAIL,
                        "web.content-security-policy-set", FAIL,
                        "web.content-type-sniffing-disabled", FAIL)));
        assertThat(reason(outcomes, "web.content-security-policy-set"))
                .startsWith("only Content-Security-Policy-Report-Only, which enforces nothing;");
        assertThat(reason(outcomes, "web.framing-restricted"))
                .isEqualTo("CSP frame-ancestors: not set, X-Frame-Options: SAMEORIGIN.");
    }

    @Test
    void anInvalidSecurityTxtListsItsProblems() throws Exception {
        String invalid = "Expires: 2020-01-01T00:00:00Z\nExpires: tomorrow\nPolicy: http://example.test/policy\n"
                + "this line is not a field\n";
        Map<String, CheckOutcome> outcomes = evaluate(localhost, GOOD, invalid);

        assertThat(statuses(outcomes))
                .isEqualTo(allPassExcept(
                        Map.of("web.security-txt-valid", FAIL, "web.security-txt-renewed-early", NOT_APPLICABLE)));
        assertThat(reason(outcomes, "web.security-txt-valid"))
                .isEqualTo("security.txt is not valid: line 4 is neither a field nor a comment: 'this line is not a"
                        + " field', no Contact field (at least one is required), Policy http://example.test/policy"
                        + " uses http://; it must use https://, Expires appears 2 times (at most once is allowed).");
    }

    @Test
    void aSecurityTxtExpiringTooFarAheadOrTooSoonFailsTheRightCheck() throws Exception {
        String template = LoopbackHttpsServer.validSecurityTxt();
        String farAhead = template.replaceFirst(
                "Expires: .*\n",
                "Expires: " + Instant.now().plus(500, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS) + "\n");
        Map<String, CheckOutcome> tooFar = evaluate(localhost, GOOD, farAhead);
        assertThat(statuses(tooFar)).isEqualTo(allPassExcept(Map.of("web.security-txt-valid", FAIL)));
        assertThat(reason(tooFar, "web.security-txt-valid")).contains(" days ahead (at most 365)");

        String soon = template.replaceFirst(
                "Expires: .*\n",
                "Expires: "
                        + Instant.now().plus(Duration.ofDays(10).plusHours(1)).truncatedTo(ChronoUnit.SECONDS) + "\n");
        Map<String, CheckOutcome> expiringSoon = evaluate(localhost, GOOD, soon);
        assertThat(statuses(expiringSoon)).isEqualTo(allPassExcept(Map.of("web.security-txt-renewed-early", FAIL)));
        assertThat(reason(expiringSoon, "web.security-txt-renewed-early")).contains(", 10 days ahead");
    }

    @Test
    void withHttpTurnedOffTheWebChecksDoNotApply() throws Exception {
        Map<String, CheckOutcome> outcomes =
                evaluate(localhost, new String[] {"TLSv1.3", "TLSv1.2"}, Map.of(), null, Map.of("http", false));

        Map<String, CheckStatus> expected = new TreeMap<>();
        statuses(outcomes).forEach((id, status) -> expected.put(id, id.startsWith("web.") ? NOT_APPLICABLE : PASS));
        assertThat(statuses(outcomes)).isEqualTo(expected);
        assertThat(reason(outcomes, "web.hsts-enabled"))
                .isEqualTo("HTTP checks are turned off for this endpoint (setting http is false).");
    }
}
