package dev.vigil.connector.tlsendpoint;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A real HTTPS server on a free loopback port, built on the JDK's HTTP server: one identity, the TLS versions
 * given, chosen response headers on every path and a security.txt body (or none, giving 404).
 */
public final class LoopbackHttpsServer implements AutoCloseable {

    /** Headers a well-configured site sends. */
    public static final Map<String, String> GOOD_HEADERS = Map.of(
            "Strict-Transport-Security", "max-age=31536000; includeSubDomains",
            "Content-Security-Policy", "default-src 'self'; script-src 'self' 'nonce-r4nd0m'; frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY");

    private final HttpsServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    private LoopbackHttpsServer(HttpsServer server) {
        this.server = server;
    }

    /** A security.txt valid for 200 days, with a Canonical naming the server it is served by. */
    public static String validSecurityTxt() {
        return "# Security contact for the test site\n"
                + "Contact: mailto:security@example.test\n"
                + "Contact: https://example.test/security/report\n"
                + "Expires: " + Instant.now().plus(200, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS) + "\n"
                + "Canonical: https://localhost:{port}/.well-known/security.txt\n"
                + "Policy: https://example.test/security/policy\n"
                + "Preferred-Languages: en, pt\n";
    }

    /**
     * @param securityTxt body of /.well-known/security.txt, or null for 404; {@code {port}} is replaced by the
     *     server's port
     */
    public static LoopbackHttpsServer start(
            IssuingCa.Identity identity, String[] protocols, Map<String, String> headers, String securityTxt)
            throws IOException, GeneralSecurityException {
        // SunX509 picks the key without judging it, so deliberately weak test keys still get served.
        KeyManagerFactory keys = KeyManagerFactory.getInstance("SunX509");
        keys.init(identity.keyStore(), IssuingCa.PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters ssl = context.getDefaultSSLParameters();
                ssl.setProtocols(protocols);
                parameters.setSSLParameters(ssl);
            }
        });
        int port = server.getAddress().getPort();
        Map<String, String> sent = new LinkedHashMap<>(headers);
        server.createContext("/", exchange -> respond(exchange, 200, sent, "text/html", "<p>hello</p>"));
        server.createContext("/.well-known/security.txt", exchange -> {
            if (securityTxt == null) {
                respond(exchange, 404, sent, "text/html", "<p>not found</p>");
            } else {
                respond(
                        exchange,
                        200,
                        sent,
                        "text/plain; charset=utf-8",
                        securityTxt.replace("{port}", String.valueOf(port)));
            }
        });
        LoopbackHttpsServer started = new LoopbackHttpsServer(server);
        server.setExecutor(started.executor);
        server.start();
        return started;
    }

    public static LoopbackHttpsServer start(
            IssuingCa.Identity identity, Map<String, String> headers, String securityTxt)
            throws IOException, GeneralSecurityException {
        return start(identity, new String[] {"TLSv1.3", "TLSv1.2"}, headers, securityTxt);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(
            HttpExchange exchange, int status, Map<String, String> headers, String contentType, String body)
            throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.getResponseHeaders().set("Content-Type", contentType);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
