package dev.vigil.connector.tlsendpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.connector.CollectionException;
import dev.vigil.connector.CollectionException.Category;
import dev.vigil.connector.ConnectorConfiguration;
import dev.vigil.connector.ConnectorFactory;
import dev.vigil.connector.ObservedResource;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tls-endpoint connector against real TLS servers on loopback: what it reports for a well-configured
 * HTTPS site, and how it fails when there is nothing to observe (closed port, a port that speaks no TLS, a
 * name that does not resolve, unusable settings).
 */
class TlsEndpointConnectorTest {

    /** The top-level attributes checks are written against; changing them breaks content. */
    static final Set<String> CONTRACT_KEYS = Set.of(
            "host",
            "port",
            "serverName",
            "address",
            "tls10",
            "tls11",
            "tls12",
            "tls13",
            "acceptedProtocols",
            "negotiated",
            "certificate",
            "chain",
            "hostname",
            "http",
            "securityTxt");

    private static final IssuingCa CA = new IssuingCa("Vigil Test CA");
    private static LoopbackHttpsServer good;

    @TempDir
    static Path directory;

    private static Path bundle;

    @BeforeAll
    static void startServer() throws Exception {
        bundle = CA.writeBundle(directory.resolve("ca.pem"));
        good = LoopbackHttpsServer.start(
                CA.issue(IssuingCa.server("localhost")),
                LoopbackHttpsServer.GOOD_HEADERS,
                LoopbackHttpsServer.validSecurityTxt());
    }

    @AfterAll
    static void stopServer() {
        good.close();
    }

    private static Map<String, Object> settings(int port) {
        return Map.of("host", "localhost", "port", port, "trustStore", bundle.toString(), "timeoutSeconds", 3);
    }

    @Test
    void isDiscoveredWithItsDefaults() {
        ConnectorFactory factory = ServiceLoader.load(ConnectorFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(f -> f.descriptor().id().equals("tls-endpoint"))
                .findFirst()
                .orElseThrow();
        assertThat(factory.descriptor().resourceTypes()).containsExactly("endpoint.tls");
        Map<String, Object> validated = factory.descriptor().configSchema().validate(Map.of("host", "example.com"));
        assertThat(validated)
                .containsEntry("port", 443L)
                .containsEntry("http", true)
                .containsEntry("path", "/")
                .containsEntry("timeoutSeconds", 10L)
                .doesNotContainKeys("serverName", "trustStore");
        assertThat(factory.descriptor().configSchema().properties()).noneMatch(p -> p.secret());
    }

    @Test
    void reportsAWellConfiguredHttpsSite() throws Exception {
        ObservedResource endpoint = EndpointRuns.collect(settings(good.port()));

        assertThat(endpoint.type()).isEqualTo("endpoint.tls");
        assertThat(endpoint.externalId()).isEqualTo("localhost:" + good.port());
        assertThat(endpoint.unknown()).isEmpty();
        assertThat(endpoint.attributes().keySet()).containsExactlyInAnyOrderElementsOf(CONTRACT_KEYS);
        Map<String, Object> attributes = endpoint.attributes();
        assertThat(attributes.get("acceptedProtocols")).isEqualTo(List.of("TLS 1.2", "TLS 1.3"));
        // The JDK's server hangs up on a version it does not speak rather than sending an alert.
        assertThat(map(attributes, "tls10"))
                .containsEntry("accepted", false)
                .containsEntry("answer", "connection closed without an answer");
        assertThat(map(attributes, "tls11")).containsEntry("accepted", false);
        assertThat(map(attributes, "tls12")).containsEntry("accepted", true);
        assertThat((String) map(attributes, "tls13").get("answer")).startsWith("ServerHello TLS 1.3");
        assertThat(map(attributes, "negotiated")).containsEntry("protocol", "TLSv1.3");

        Map<String, Object> certificate = map(attributes, "certificate");
        assertThat(certificate)
                .containsEntry("subject", "CN=localhost")
                .containsEntry("issuer", "CN=Vigil Test CA")
                .containsEntry("keyType", "RSA")
                .containsEntry("keySize", 2048L)
                .containsEntry("signatureAlgorithm", "SHA256withRSA")
                .containsEntry("selfSigned", false)
                .containsEntry("expired", false);
        assertThat((Long) certificate.get("daysUntilExpiry")).isBetween(88L, 90L);
        assertThat(map(attributes, "chain"))
                .containsEntry("trusted", true)
                .containsEntry("trustStore", bundle.toString())
                .containsEntry("length", 2L);
        assertThat(map(attributes, "hostname"))
                .containsEntry("matches", true)
                .containsEntry("reason", "localhost matches localhost");

        Map<String, Object> http = map(attributes, "http");
        assertThat(http)
                .containsEntry("status", 200L)
                .containsEntry("hstsMaxAgeSeconds", 31_536_000L)
                .containsEntry("hstsIncludeSubDomains", true)
                .containsEntry("frameAncestors", "'none'")
                .containsEntry("xFrameOptions", "DENY")
                .containsEntry("xContentTypeOptions", "nosniff");
        assertThat((String) http.get("contentSecurityPolicy"))
                .as("per-response nonces are masked so that a rerun is not a change")
                .contains("'nonce-(per response)'")
                .doesNotContain("r4nd0m");

        Map<String, Object> securityTxt = map(attributes, "securityTxt");
        assertThat(securityTxt)
                .containsEntry("found", true)
                .containsEntry("signed", false)
                .containsEntry("signature", "not signed")
                .containsEntry("problems", List.of())
                .containsEntry(
                        "contacts", List.of("mailto:security@example.test", "https://example.test/security/report"))
                .containsEntry("expiresInFuture", true);
        assertThat((Long) securityTxt.get("daysUntilExpires")).isBetween(199L, 200L);
        assertThat(endpoint.raw()).containsKeys("probe TLS 1.0", "certificate chain");
        assertThat(endpoint.raw().get("certificate chain")).contains("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void connectsToTheAddressButSendsAndMatchesTheServerName() throws Exception {
        ObservedResource byName = EndpointRuns.collect(Map.of(
                "host", "127.0.0.1", "serverName", "localhost", "port", good.port(), "trustStore", bundle.toString()));
        assertThat(byName.externalId()).isEqualTo("localhost@127.0.0.1:" + good.port());
        assertThat(map(byName.attributes(), "hostname")).containsEntry("matches", true);
        assertThat(map(byName.attributes(), "securityTxt")).containsEntry("problems", List.of());

        ObservedResource byAddress =
                EndpointRuns.collect(Map.of("host", "127.0.0.1", "port", good.port(), "trustStore", bundle.toString()));
        assertThat(map(byAddress.attributes(), "hostname"))
                .containsEntry("matches", false)
                .containsEntry("reason", "the certificate lists no IP address 127.0.0.1 (IP addresses: none)");
    }

    @Test
    void aSecondRunOfAnUnchangedEndpointReportsTheSameAttributes() throws Exception {
        assertThat(EndpointRuns.collect(settings(good.port())).attributes())
                .isEqualTo(EndpointRuns.collect(settings(good.port())).attributes());
    }

    @Test
    void recordsASignedSecurityTxtWithoutPretendingToVerifyIt() throws Exception {
        String signed = "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n"
                + LoopbackHttpsServer.validSecurityTxt()
                + "-----BEGIN PGP SIGNATURE-----\n\niQEzBAEBCAAdFiEE\n=abcd\n-----END PGP SIGNATURE-----\n";
        try (LoopbackHttpsServer server = LoopbackHttpsServer.start(
                CA.issue(IssuingCa.server("localhost")), LoopbackHttpsServer.GOOD_HEADERS, signed)) {
            Map<String, Object> securityTxt =
                    map(EndpointRuns.collect(settings(server.port())).attributes(), "securityTxt");
            assertThat(securityTxt)
                    .containsEntry("signed", true)
                    .containsEntry("signature", "signed, signature not verified: no key configured")
                    .containsEntry("problems", List.of());
            assertThat((List<?>) securityTxt.get("contacts")).hasSize(2);
        }
    }

    @Test
    void aClosedPortIsANetworkFailure() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        assertThatThrownBy(() -> EndpointRuns.collect(settings(port)))
                .isInstanceOfSatisfying(
                        CollectionException.class, e -> assertThat(e.category()).isEqualTo(Category.NETWORK))
                .hasMessage("localhost: connection to 127.0.0.1 port " + port + " refused: nothing listens there");
    }

    @Test
    void aPortThatSpeaksNoTlsSaysWhatItAnswered() throws Exception {
        try (ServerSocket ssh = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            Thread banner = new Thread(() -> {
                while (!ssh.isClosed()) {
                    try (Socket client = ssh.accept()) {
                        OutputStream out = client.getOutputStream();
                        out.write("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        client.getInputStream().read(new byte[512]);
                    } catch (IOException e) {
                        // the test closed the socket
                    }
                }
            });
            banner.setDaemon(true);
            banner.start();
            assertThatThrownBy(() -> EndpointRuns.collect(settings(ssh.getLocalPort())))
                    .isInstanceOfSatisfying(
                            CollectionException.class,
                            e -> assertThat(e.category()).isEqualTo(Category.INVALID_RESPONSE))
                    .hasMessage("localhost:" + ssh.getLocalPort()
                            + " does not speak TLS: it answered with data that is not TLS:"
                            + " 'SSH-2.0-OpenSSH_9.2p1 Debian-2'. Is this the right port?");
        }
    }

    @Test
    void aNameThatDoesNotResolveIsANetworkFailure() {
        assertThatThrownBy(() -> EndpointRuns.collect(Map.of("host", "no-such-host.invalid")))
                .isInstanceOfSatisfying(
                        CollectionException.class, e -> assertThat(e.category()).isEqualTo(Category.NETWORK))
                .hasMessage("cannot resolve host 'no-such-host.invalid': no such name in DNS");
    }

    @Test
    void rejectsSettingsThatCannotWork() {
        TlsEndpointConnectorFactory factory = new TlsEndpointConnectorFactory();
        for (Map<String, Object> raw : List.of(
                Map.<String, Object>of("host", "https://example.com/"),
                Map.<String, Object>of("host", "example.com", "port", 70000),
                Map.<String, Object>of("host", "example.com", "path", "index.html"),
                Map.<String, Object>of("host", "example.com", "trustStore", "certs/ca.pem"),
                Map.<String, Object>of("host", "example.com", "trustStore", "/nonexistent/ca.pem"))) {
            ConnectorConfiguration configuration = new ConnectorConfiguration(
                    factory.descriptor().configSchema().validate(raw));
            assertThatThrownBy(() -> factory.create(configuration))
                    .as("%s", raw)
                    .isInstanceOfSatisfying(
                            CollectionException.class,
                            e -> assertThat(e.category()).isEqualTo(Category.CONFIGURATION));
        }
    }

    @Test
    void aTrustStoreWithoutCertificatesIsAConfigurationError() throws Exception {
        Path empty = java.nio.file.Files.writeString(directory.resolve("empty.pem"), "# nothing here\n");
        Map<String, Object> raw = Map.of("host", "localhost", "port", good.port(), "trustStore", empty.toString());
        assertThatThrownBy(() -> EndpointRuns.collect(raw))
                .isInstanceOfSatisfying(
                        CollectionException.class, e -> assertThat(e.category()).isEqualTo(Category.CONFIGURATION))
                .hasMessageContaining("is not a PEM certificate bundle");
    }

    @Test
    void anUntrustedExpiredCertificateIsAnObservationNotAFailedRun() throws Exception {
        try (LoopbackHttpsServer server = LoopbackHttpsServer.start(
                CA.issue(IssuingCa.server("localhost").expiredSince(Duration.ofDays(3))), Map.of(), null)) {
            ObservedResource endpoint = EndpointRuns.collect(settings(server.port()));
            assertThat(map(endpoint.attributes(), "chain")).containsEntry("trusted", false);
            assertThat((String) map(endpoint.attributes(), "chain").get("reason"))
                    .startsWith("the certificate expired on "
                            + Instant.now().minus(3, ChronoUnit.DAYS).toString().substring(0, 10));
            assertThat(map(endpoint.attributes(), "securityTxt"))
                    .containsEntry("found", false)
                    .containsEntry("status", 404L);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> attributes, String key) {
        return (Map<String, Object>) attributes.get(key);
    }
}
