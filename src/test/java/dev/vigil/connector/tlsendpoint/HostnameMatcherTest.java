package dev.vigil.connector.tlsendpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Name matching as browsers do it: subjectAltName only, one-label wildcards, IP addresses exactly. */
class HostnameMatcherTest {

    private static final IssuingCa CA = new IssuingCa("Hostname Test CA");

    @Test
    void exactNamesCompareWithoutCaseOrTrailingDot() {
        assertThat(HostnameMatcher.matchesDnsName("www.example.com", "www.example.com"))
                .isTrue();
        assertThat(HostnameMatcher.matchesDnsName("WWW.Example.COM.", "www.example.com"))
                .isTrue();
        assertThat(HostnameMatcher.matchesDnsName("example.com", "www.example.com"))
                .isFalse();
    }

    @Test
    void aWildcardCoversExactlyOneWholeLeftmostLabel() {
        assertThat(HostnameMatcher.matchesDnsName("api.example.com", "*.example.com"))
                .isTrue();
        assertThat(HostnameMatcher.matchesDnsName("example.com", "*.example.com"))
                .as("not the bare domain")
                .isFalse();
        assertThat(HostnameMatcher.matchesDnsName("a.b.example.com", "*.example.com"))
                .as("not two labels")
                .isFalse();
        assertThat(HostnameMatcher.matchesDnsName("api.example.com", "a*.example.com"))
                .as("partial-label wildcards are not honoured (RFC 9525)")
                .isFalse();
        assertThat(HostnameMatcher.matchesDnsName("www.example.com", "www.*.com"))
                .isFalse();
        assertThat(HostnameMatcher.matchesDnsName("example.com", "*.com"))
                .as("no wildcard directly below a top-level domain")
                .isFalse();
        assertThat(HostnameMatcher.matchesDnsName("10.0.0.1", "*.0.0.1")).isFalse();
    }

    @Test
    void internationalNamesCompareAsALabels() {
        assertThat(HostnameMatcher.matchesDnsName("bücher.example", "xn--bcher-kva.example"))
                .isTrue();
    }

    @Test
    void anIpAddressMatchesOnlyAnIpAddressEntry() {
        IssuingCa.Identity byAddress = CA.issue(IssuingCa.server("127.0.0.1"));
        assertThat(HostnameMatcher.match("127.0.0.1", byAddress.certificate()).matches())
                .isTrue();

        IssuingCa.Identity byName = CA.issue(IssuingCa.server("localhost"));
        HostnameMatcher.Match match = HostnameMatcher.match("127.0.0.1", byName.certificate());
        assertThat(match.matches()).isFalse();
        assertThat(match.explanation()).isEqualTo("the certificate lists no IP address 127.0.0.1 (IP addresses: none)");
    }

    @Test
    void listsTheNamesACertificateDoesCover() {
        HostnameMatcher.Match match = HostnameMatcher.match(
                "shop.example.org",
                CA.issue(IssuingCa.server("example.org", "*.example.net")).certificate());
        assertThat(match.matches()).isFalse();
        assertThat(match.dnsNames()).containsExactly("example.org", "*.example.net");
        assertThat(match.explanation())
                .isEqualTo("shop.example.org matches no name in the certificate (names in the certificate:"
                        + " example.org, *.example.net)");
    }
}
