package dev.vigil.connector.tlsendpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Connects with the JDK's TLS stack (TLS 1.2 and 1.3) to read the certificate chain and make plain HTTP/1.1
 * requests.
 *
 * <p>It accepts any certificate and checks no hostname, on purpose: whether the chain is trusted and the name
 * matches is judged and recorded separately ({@link CertificateInspector}, {@link HostnameMatcher}), and the
 * HTTP headers of an endpoint with a bad certificate are still worth reporting. Nothing read here is ever
 * sent anywhere or trusted for anything else. Requests go to the configured address while SNI and the Host
 * header carry the configured server name, which {@code java.net.http.HttpClient} cannot do.
 */
final class TlsClient {

    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    /** What one TLS connection showed. */
    record Handshake(String protocol, String cipherSuite, List<X509Certificate> chain) {}

    /** One HTTP response; header names are lower-case, repeated headers keep every value in order. */
    record Response(String statusLine, int status, Map<String, List<String>> headers, byte[] body, boolean truncated) {

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : String.join(", ", values);
        }

        String head() {
            StringBuilder text = new StringBuilder(statusLine).append('\n');
            headers.forEach((name, values) ->
                    values.forEach(v -> text.append(name).append(": ").append(v).append('\n')));
            return text.toString();
        }
    }

    private final InetAddress address;
    private final int port;
    private final String serverName;
    private final int timeoutMillis;
    private final SSLContext context;

    TlsClient(InetAddress address, int port, String serverName, int timeoutMillis) throws GeneralSecurityException {
        this.address = address;
        this.port = port;
        this.serverName = serverName;
        this.timeoutMillis = timeoutMillis;
        this.context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new AcceptingTrustManager()}, null);
    }

    /** Completes a handshake and reports the negotiated protocol and the presented chain. */
    Handshake handshake() throws IOException {
        try (SSLSocket socket = open()) {
            SSLSession session = socket.getSession();
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : session.getPeerCertificates()) {
                chain.add((X509Certificate) certificate);
            }
            return new Handshake(session.getProtocol(), session.getCipherSuite(), chain);
        }
    }

    /** GET {@code path} over a fresh connection; redirects are returned, not followed. */
    Response get(String path) throws IOException {
        try (SSLSocket socket = open()) {
            String host = port == 443 ? hostHeader() : hostHeader() + ":" + port;
            String request = "GET " + path + " HTTP/1.1\r\n"
                    + "Host: " + host + "\r\n"
                    + "User-Agent: Vigil tls-endpoint connector\r\n"
                    + "Accept: */*\r\n"
                    + "Connection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return read(socket.getInputStream());
        }
    }

    private String hostHeader() {
        return serverName.contains(":") ? "[" + serverName + "]" : serverName;
    }

    private SSLSocket open() throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(address, port), timeoutMillis);
            plain.setSoTimeout(timeoutMillis);
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, serverName, port, true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            if (!HostnameMatcher.isIpLiteral(serverName)) {
                parameters.setServerNames(List.of(new SNIHostName(serverName)));
            }
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last = 0;
        while (last != 0x0D0A0D0A) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the connection before sending a complete HTTP response");
            }
            head.write(b);
            if (head.size() > MAX_HEADER_BYTES) {
                throw new IOException("HTTP response headers exceed " + MAX_HEADER_BYTES + " bytes");
            }
            // The last four bytes read, to find the blank line that ends the headers.
            last = (last << 8) | b;
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String statusLine = lines[0];
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP response: '" + statusLine + "'");
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status line: '" + statusLine + "'", e);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(
                                lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).strip());
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean truncated;
        List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
        if (encoding.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))) {
            truncated = readChunked(in, body);
        } else if (headers.containsKey("content-length")) {
            long length;
            try {
                length = Long.parseLong(headers.get("content-length").get(0));
            } catch (NumberFormatException e) {
                throw new IOException(
                        "invalid Content-Length: "
                                + headers.get("content-length").get(0),
                        e);
            }
            truncated = copy(in, body, length);
        } else {
            truncated = copy(in, body, Long.MAX_VALUE);
        }
        return new Response(statusLine, status, headers, body.toByteArray(), truncated);
    }

    /** Copies up to {@code length} bytes, keeping at most {@link #MAX_BODY_BYTES}; true when cut short. */
    private static boolean copy(InputStream in, ByteArrayOutputStream body, long length) throws IOException {
        byte[] buffer = new byte[8192];
        long remaining = length;
        while (remaining > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (read < 0) {
                return false;
            }
            int room = MAX_BODY_BYTES - body.size();
            if (read > room) {
                body.write(buffer, 0, room);
                return true;
            }
            body.write(buffer, 0, read);
            remaining -= read;
        }
        return false;
    }

    private static boolean readChunked(InputStream in, ByteArrayOutputStream body) throws IOException {
        while (true) {
            String sizeLine = line(in);
            int extension = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((extension >= 0 ? sizeLine.substring(0, extension) : sizeLine).strip(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("invalid chunk size '" + sizeLine + "'", e);
            }
            if (size == 0) {
                return false;
            }
            if (copy(in, body, size)) {
                return true;
            }
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
            if (line.length() > 1024) {
                throw new IOException("chunk header line too long");
            }
        }
        return line.toString();
    }

    /** Accepts every chain and checks no name; see the class comment for why. */
    private static final class AcceptingTrustManager extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
