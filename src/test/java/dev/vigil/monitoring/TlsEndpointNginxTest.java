package dev.vigil.monitoring;

import static dev.vigil.monitoring.CheckStatus.FAIL;
import static dev.vigil.monitoring.CheckStatus.PASS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.vigil.connector.ObservedResource;
import dev.vigil.connector.tlsendpoint.EndpointRuns;
import dev.vigil.connector.tlsendpoint.IssuingCa;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS version checks against a production web server, nginx with OpenSSL, which (unlike the JDK) can still
 * be configured to accept TLS 1.0. The same endpoint is reloaded with a different {@code ssl_protocols} line and
 * the check result flips, as it would when an administrator fixes a server.
 *
 * <p>nginx must be installed ({@code apt-get install nginx}; {@code .ci/run} does it). Without it this test
 * fails rather than skipping, so that the TLS 1.0 detection is never silently untested.
 */
class TlsEndpointNginxTest {

    private static final IssuingCa CA = new IssuingCa("Vigil nginx Test CA");

    @TempDir
    static Path directory;

    private static Path nginx;
    private static Process server;
    private static int port;
    private static Path bundle;

    @BeforeAll
    static void startNginx() throws Exception {
        nginx =
                List.of(Path.of("/usr/sbin/nginx"), Path.of("/usr/local/sbin/nginx"), Path.of("/usr/bin/nginx"))
                        .stream()
                        .filter(Files::isExecutable)
                        .findFirst()
                        .orElse(null);
        if (nginx == null) {
            fail("nginx is not installed, and this test needs a real web server that still accepts TLS 1.0."
                    + " Install it with: apt-get install -y nginx  (.ci/run installs it).");
        }
        bundle = CA.writeBundle(directory.resolve("ca.pem"));
        CA.issue(IssuingCa.server("localhost"))
                .writeTo(directory.resolve("server.pem"), directory.resolve("server.key"));
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        writeConfiguration("TLSv1 TLSv1.2");
        server = new ProcessBuilder(
                        nginx.toString(),
                        "-e",
                        directory.resolve("error.log").toString(),
                        "-p",
                        directory.toString(),
                        "-c",
                        directory.resolve("nginx.conf").toString(),
                        "-g",
                        "daemon off;")
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("nginx.out").toFile())
                .start();
        awaitListening();
    }

    @AfterAll
    static void stopNginx() throws Exception {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(5, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** nginx serving the given protocols, with good headers and a valid security.txt. */
    private static void writeConfiguration(String protocols) throws IOException {
        String expires = Instant.now()
                .plus(120, ChronoUnit.DAYS)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        String securityTxt = "Contact: mailto:security@example.test\\nExpires: " + expires
                + "\\nCanonical: https://localhost:" + port + "/.well-known/security.txt\\n";
        String dir = directory.toString();
        Files.writeString(directory.resolve("nginx.conf"), """
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 64; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    server {
                        listen 127.0.0.1:%2$d ssl;
                        server_name localhost;
                        ssl_certificate %1$s/server.pem;
                        ssl_certificate_key %1$s/server.key;
                        ssl_protocols %3$s;
                        # OpenSSL 3 refuses TLS 1.0 at its default security level.
                        ssl_ciphers DEFAULT:@SECLEVEL=0;
                        add_header Strict-Transport-Security "max-age=31536000" always;
                        add_header Content-Security-Policy "default-src 'self'; frame-ancestors 'self'" always;
                        add_header X-Content-Type-Options "nosniff" always;
                        location / { default_type text/html; return 200 "<p>nginx</p>\\n"; }
                        location = /.well-known/security.txt { default_type text/plain; return 200 "%4$s"; }
                    }
                }
                """.formatted(dir, port, protocols, securityTxt));
    }

    private static void awaitListening() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) {
                fail("nginx exited with " + server.exitValue() + ": " + Files.readString(directory.resolve("nginx.out"))
                        + readLog());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        fail("nginx did not listen on port " + port + " within 10 s: " + readLog());
    }

    private static String readLog() throws IOException {
        Path log = directory.resolve("error.log");
        return Files.exists(log) ? Files.readString(log) : "(no error log)";
    }

    private static ObservedResource collect() throws Exception {
        return EndpointRuns.collect(
                Map.of("host", "localhost", "port", port, "trustStore", bundle.toString(), "timeoutSeconds", 3));
    }

    @Test
    void reloadingWithoutTls10FlipsTheCheckFromFailToPass() throws Exception {
        ObservedResource before = collect();
        Map<String, CheckOutcome> outcomes = TlsEndpointChecksTest.evaluate(before);

        assertThat(before.attributes().get("acceptedProtocols")).isEqualTo(List.of("TLS 1.0", "TLS 1.2"));
        assertThat(outcomes.get("tls.tls-1-0-refused").status()).isEqualTo(FAIL);
        assertThat(outcomes.get("tls.tls-1-0-refused").reason())
                .startsWith("TLS 1.0 is accepted (ServerHello TLS 1.0,");
        assertThat(outcomes.get("tls.tls-1-1-refused").status()).isEqualTo(PASS);
        assertThat(outcomes.get("tls.modern-protocol-offered").status()).isEqualTo(PASS);
        assertThat(outcomes.get("tls.certificate-chain-trusted").status()).isEqualTo(PASS);
        assertThat(outcomes.get("web.security-txt-valid").status())
                .as(outcomes.get("web.security-txt-valid").reason())
                .isEqualTo(PASS);
        assertThat(outcomes.get("web.framing-restricted").status()).isEqualTo(PASS);

        writeConfiguration("TLSv1.2 TLSv1.3");
        Process reload = new ProcessBuilder(
                        nginx.toString(),
                        "-e",
                        directory.resolve("error.log").toString(),
                        "-p",
                        directory.toString(),
                        "-c",
                        directory.resolve("nginx.conf").toString(),
                        "-s",
                        "reload")
                .redirectErrorStream(true)
                .start();
        assertThat(reload.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(reload.exitValue())
                .as(new String(reload.getInputStream().readAllBytes()))
                .isZero();

        // A reload is asynchronous: new workers take over shortly after the signal, and until the old ones have
        // left, one probe may meet an old worker and another a new one. Wait until every probe meets a new one.
        ObservedResource after = collect();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!List.of("TLS 1.2", "TLS 1.3").equals(after.attributes().get("acceptedProtocols"))
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            after = collect();
        }
        Map<String, CheckOutcome> fixed = TlsEndpointChecksTest.evaluate(after);
        assertThat(after.attributes().get("acceptedProtocols")).isEqualTo(List.of("TLS 1.2", "TLS 1.3"));
        assertThat(fixed.get("tls.tls-1-0-refused"))
                .isEqualTo(CheckOutcome.pass(
                        "TLS 1.0 is refused (alert 70 protocol_version).", "alert 70 protocol_version"));
        assertThat(fixed.get("tls.tls-1-1-refused").status()).isEqualTo(PASS);
        assertThat(after.externalId()).isEqualTo(before.externalId());
    }
}
