package dev.vigil.connector.tlsendpoint;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Asks a server whether it accepts one TLS version by sending a ClientHello written here, byte by byte, on a
 * plain socket, and reading the first answer: a ServerHello of that version (accepted), a ServerHello of
 * another version or an alert (refused), or something that is not TLS at all.
 *
 * <p>The JDK's own TLS stack refuses to speak TLS 1.0 and 1.1 (they are in {@code jdk.tls.disabledAlgorithms}),
 * so it cannot tell whether a server still accepts them; this probe can, without changing any JVM-wide
 * setting. It never completes a handshake: after the server's first flight the connection is closed. For TLS
 * 1.0 to 1.2 the server's certificate chain travels in clear text in that flight and is kept, so an endpoint
 * that speaks only old versions still has its certificate inspected.
 */
final class ProtocolProbe {

    /** The versions probed, oldest first, with their wire codes. */
    enum Version {
        TLS_1_0("TLS 1.0", "tls10", 0x0301),
        TLS_1_1("TLS 1.1", "tls11", 0x0302),
        TLS_1_2("TLS 1.2", "tls12", 0x0303),
        TLS_1_3("TLS 1.3", "tls13", 0x0304);

        final String label;
        final String attribute;
        final int code;

        Version(String label, String attribute, int code) {
            this.label = label;
            this.attribute = attribute;
            this.code = code;
        }

        static String label(int code) {
            for (Version version : values()) {
                if (version.code == code) {
                    return version.label;
                }
            }
            return code == 0x0300 ? "SSL 3.0" : String.format("version 0x%04X", code);
        }
    }

    /** What the server answered to one ClientHello. */
    enum Answer {
        /** A ServerHello of the version asked for. */
        ACCEPTED,
        /** An alert, a ServerHello of another version, or a closed connection: the version cannot be used. */
        REFUSED,
        /** Bytes that are not TLS (an HTTP or SSH banner, for example). */
        NOT_TLS,
        /** No answer within the timeout, or a broken connection: nothing can be concluded. */
        NO_ANSWER
    }

    /**
     * @param answer the verdict
     * @param description what was seen, for people ("ServerHello TLS 1.2, cipher suite 0xC02F", "alert 70
     *     protocol_version")
     * @param certificates the chain sent in clear text after the ServerHello (TLS 1.0 to 1.2 only), else empty
     */
    record Result(Answer answer, String description, List<X509Certificate> certificates) {
        Result {
            certificates = List.copyOf(certificates);
        }

        static Result of(Answer answer, String description) {
            return new Result(answer, description, List.of());
        }
    }

    /** The TCP connection itself failed: the endpoint is unreachable, whatever the TLS version. */
    static final class UnreachableException extends IOException {
        private static final long serialVersionUID = 1L;

        UnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final int RECORD_HANDSHAKE = 22;
    private static final int RECORD_ALERT = 21;
    private static final int HANDSHAKE_SERVER_HELLO = 2;
    private static final int HANDSHAKE_CERTIFICATE = 11;
    private static final int HANDSHAKE_SERVER_HELLO_DONE = 14;
    private static final int MAX_FLIGHT_BYTES = 256 * 1024;

    /** A ServerHello with this random is a HelloRetryRequest (RFC 8446, section 4.1.3). */
    private static final byte[] HELLO_RETRY_REQUEST_RANDOM =
            HexFormat.of().parseHex("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");

    /**
     * Cipher suites offered for TLS 1.0 to 1.2: modern AEAD suites first, then the CBC, 3DES and plain-RSA
     * suites old servers still pick, so that a server accepting the version finds something it can use.
     */
    private static final int[] LEGACY_CIPHER_SUITES = {
        0xC02B, 0xC02F, 0xC02C, 0xC030, 0xCCA9, 0xCCA8, 0x009E, 0x009F, 0xC023, 0xC027, 0xC024, 0xC028, 0xC009,
        0xC013, 0xC00A, 0xC014, 0x0033, 0x0039, 0x0067, 0x006B, 0x009C, 0x009D, 0x003C, 0x003D, 0x002F, 0x0035,
        0xC012, 0x0016, 0x000A, 0x0005, 0x0004, 0x00FF
    };

    private static final int[] TLS13_CIPHER_SUITES = {0x1301, 0x1302, 0x1303};

    private static final int[] SUPPORTED_GROUPS = {0x001D, 0x0017, 0x0018, 0x0019, 0x001E, 0x0100, 0x0101};

    private static final int[] SIGNATURE_SCHEMES = {
        0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0804, 0x0805, 0x0806, 0x0809, 0x080A, 0x080B, 0x0401, 0x0501, 0x0601,
        0x0203, 0x0201
    };

    private static final Map<Integer, String> ALERTS = Map.ofEntries(
            Map.entry(0, "close_notify"),
            Map.entry(10, "unexpected_message"),
            Map.entry(20, "bad_record_mac"),
            Map.entry(22, "record_overflow"),
            Map.entry(40, "handshake_failure"),
            Map.entry(42, "bad_certificate"),
            Map.entry(47, "illegal_parameter"),
            Map.entry(50, "decode_error"),
            Map.entry(51, "decrypt_error"),
            Map.entry(70, "protocol_version"),
            Map.entry(71, "insufficient_security"),
            Map.entry(80, "internal_error"),
            Map.entry(86, "inappropriate_fallback"),
            Map.entry(90, "user_canceled"),
            Map.entry(109, "missing_extension"),
            Map.entry(110, "unsupported_extension"),
            Map.entry(112, "unrecognized_name"),
            Map.entry(120, "no_application_protocol"));

    private final InetAddress address;
    private final int port;
    private final String serverName;
    private final int timeoutMillis;
    private final SecureRandom random = new SecureRandom();

    ProtocolProbe(InetAddress address, int port, String serverName, int timeoutMillis) {
        this.address = address;
        this.port = port;
        this.serverName = serverName;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Offers exactly one version and reports the server's answer.
     *
     * @throws UnreachableException when no TCP connection can be made (refused, timed out, no route)
     */
    Result probe(Version version) throws UnreachableException {
        try (Socket socket = new Socket()) {
            connect(socket);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write(clientHello(version));
            out.flush();
            return readAnswer(version, socket.getInputStream());
        } catch (UnreachableException e) {
            throw e;
        } catch (SocketTimeoutException e) {
            return Result.of(Answer.NO_ANSWER, "no answer within " + timeoutMillis / 1000 + " s");
        } catch (EOFException e) {
            return Result.of(Answer.REFUSED, "connection closed without an answer");
        } catch (SocketException e) {
            // A reset right after the ClientHello is how some servers and load balancers refuse a version.
            return Result.of(Answer.REFUSED, "connection reset without an answer (" + e.getMessage() + ")");
        } catch (IOException e) {
            return Result.of(Answer.NO_ANSWER, "connection failed: " + e.getMessage());
        }
    }

    private void connect(Socket socket) throws UnreachableException {
        String endpoint = address.getHostAddress() + " port " + port;
        try {
            socket.connect(new InetSocketAddress(address, port), timeoutMillis);
        } catch (ConnectException e) {
            throw new UnreachableException("connection to " + endpoint + " refused: nothing listens there", e);
        } catch (SocketTimeoutException e) {
            throw new UnreachableException(
                    "connection to " + endpoint + " timed out after " + timeoutMillis / 1000
                            + " s (filtered by a firewall, or the host is down)",
                    e);
        } catch (NoRouteToHostException e) {
            throw new UnreachableException("no route to " + endpoint, e);
        } catch (IOException e) {
            throw new UnreachableException("cannot connect to " + endpoint + ": " + e.getMessage(), e);
        }
    }

    private Result readAnswer(Version version, InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        ByteArrayOutputStream handshake = new ByteArrayOutputStream();
        Result serverHello = null;
        int offset = 0;
        while (handshake.size() < MAX_FLIGHT_BYTES) {
            int type = in.read();
            if (type < 0) {
                return serverHello != null
                        ? serverHello
                        : Result.of(Answer.REFUSED, "connection closed without an answer");
            }
            if (serverHello == null && type != RECORD_HANDSHAKE && type != RECORD_ALERT) {
                return Result.of(Answer.NOT_TLS, "answered with data that is not TLS: " + printable(type, in));
            }
            byte[] header = new byte[4];
            in.readFully(header);
            if (serverHello == null && header[0] != 3) {
                return Result.of(
                        Answer.NOT_TLS,
                        "answered with a record of unknown version " + (header[0] & 0xFF) + "." + (header[1] & 0xFF));
            }
            int length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
            byte[] fragment = new byte[length];
            in.readFully(fragment);
            if (type == RECORD_ALERT) {
                if (serverHello != null) {
                    return serverHello;
                }
                int description = length >= 2 ? fragment[1] & 0xFF : -1;
                return Result.of(
                        Answer.REFUSED,
                        "alert " + description + " " + ALERTS.getOrDefault(description, "(unknown alert)"));
            }
            if (type != RECORD_HANDSHAKE) {
                return serverHello;
            }
            handshake.write(fragment);
            byte[] messages = handshake.toByteArray();
            while (messages.length - offset >= 4) {
                int messageType = messages[offset] & 0xFF;
                int messageLength = ((messages[offset + 1] & 0xFF) << 16)
                        | ((messages[offset + 2] & 0xFF) << 8)
                        | (messages[offset + 3] & 0xFF);
                if (messages.length - offset - 4 < messageLength) {
                    break;
                }
                byte[] body = Arrays.copyOfRange(messages, offset + 4, offset + 4 + messageLength);
                offset += 4 + messageLength;
                if (serverHello == null) {
                    if (messageType != HANDSHAKE_SERVER_HELLO) {
                        return Result.of(
                                Answer.REFUSED,
                                "the server's first handshake message was type " + messageType + ", not ServerHello");
                    }
                    serverHello = serverHello(version, body);
                    if (serverHello.answer() != Answer.ACCEPTED || version == Version.TLS_1_3) {
                        // TLS 1.3 encrypts everything after the ServerHello: nothing more to read in clear.
                        return serverHello;
                    }
                } else if (messageType == HANDSHAKE_CERTIFICATE) {
                    return new Result(serverHello.answer(), serverHello.description(), certificates(body));
                } else if (messageType == HANDSHAKE_SERVER_HELLO_DONE) {
                    return serverHello;
                }
            }
        }
        return serverHello != null
                ? serverHello
                : Result.of(Answer.NOT_TLS, "handshake larger than " + MAX_FLIGHT_BYTES + " bytes");
    }

    /** Reads the version the server chose: legacy_version, or the supported_versions extension for TLS 1.3. */
    private static Result serverHello(Version asked, byte[] body) {
        if (body.length < 38) {
            return Result.of(Answer.NOT_TLS, "malformed ServerHello (" + body.length + " bytes)");
        }
        int chosen = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
        boolean retryRequest = Arrays.equals(Arrays.copyOfRange(body, 2, 34), HELLO_RETRY_REQUEST_RANDOM);
        int position = 34;
        int sessionIdLength = body[position] & 0xFF;
        position += 1 + sessionIdLength;
        if (position + 3 > body.length) {
            return Result.of(Answer.NOT_TLS, "malformed ServerHello");
        }
        int cipherSuite = ((body[position] & 0xFF) << 8) | (body[position + 1] & 0xFF);
        position += 3;
        if (position + 2 <= body.length) {
            int extensionsEnd = Math.min(
                    body.length, position + 2 + (((body[position] & 0xFF) << 8) | (body[position + 1] & 0xFF)));
            position += 2;
            while (position + 4 <= extensionsEnd) {
                int type = ((body[position] & 0xFF) << 8) | (body[position + 1] & 0xFF);
                int length = ((body[position + 2] & 0xFF) << 8) | (body[position + 3] & 0xFF);
                if (type == 0x002B && length == 2 && position + 6 <= extensionsEnd) {
                    chosen = ((body[position + 4] & 0xFF) << 8) | (body[position + 5] & 0xFF);
                }
                position += 4 + length;
            }
        }
        String description = (retryRequest ? "HelloRetryRequest " : "ServerHello ")
                + Version.label(chosen)
                + String.format(", cipher suite 0x%04X", cipherSuite);
        if (chosen != asked.code) {
            return Result.of(Answer.REFUSED, "answered with a " + description + " instead");
        }
        return Result.of(Answer.ACCEPTED, description);
    }

    private static List<X509Certificate> certificates(byte[] body) {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            int position = 3;
            while (position + 3 <= body.length) {
                int length = ((body[position] & 0xFF) << 16)
                        | ((body[position + 1] & 0xFF) << 8)
                        | (body[position + 2] & 0xFF);
                position += 3;
                if (position + length > body.length) {
                    break;
                }
                chain.add((X509Certificate)
                        factory.generateCertificate(new java.io.ByteArrayInputStream(body, position, length)));
                position += length;
            }
        } catch (CertificateException e) {
            // A chain that does not parse is treated like no chain; the JSSE handshake reports it precisely.
            return List.of();
        }
        return chain;
    }

    private static String printable(int first, InputStream in) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        seen.write(first);
        byte[] more = new byte[79];
        int available = in.available();
        if (available > 0) {
            int read = in.read(more, 0, Math.min(more.length, available));
            if (read > 0) {
                seen.write(more, 0, read);
            }
        }
        String text = seen.toString(StandardCharsets.ISO_8859_1);
        int lineEnd = text.indexOf('\n');
        if (lineEnd >= 0) {
            text = text.substring(0, lineEnd);
        }
        StringBuilder shown = new StringBuilder();
        for (char c : text.strip().toCharArray()) {
            shown.append(c >= 0x20 && c < 0x7F ? c : '.');
        }
        return "'" + shown + "'";
    }

    /** A ClientHello that offers exactly {@code version} and nothing newer. */
    byte[] clientHello(Version version) {
        boolean tls13 = version == Version.TLS_1_3;
        Bytes body = new Bytes();
        body.u16(tls13 ? Version.TLS_1_2.code : version.code);
        body.raw(randomBytes(32));
        byte[] sessionId = tls13 ? randomBytes(32) : new byte[0];
        body.u8(sessionId.length).raw(sessionId);
        int[] suites = tls13 ? TLS13_CIPHER_SUITES : LEGACY_CIPHER_SUITES;
        body.u16(suites.length * 2);
        for (int suite : suites) {
            body.u16(suite);
        }
        body.u8(1).u8(0);

        Bytes extensions = new Bytes();
        if (serverName != null && !HostnameMatcher.isIpLiteral(serverName)) {
            byte[] name = serverName.getBytes(StandardCharsets.US_ASCII);
            Bytes list = new Bytes().u8(0).u16(name.length).raw(name);
            extensions.u16(0x0000).u16(list.size() + 2).u16(list.size()).raw(list.toArray());
        }
        extensions.u16(0x000A).u16(SUPPORTED_GROUPS.length * 2 + 2).u16(SUPPORTED_GROUPS.length * 2);
        for (int group : SUPPORTED_GROUPS) {
            extensions.u16(group);
        }
        extensions.u16(0x000B).u16(2).u8(1).u8(0);
        if (version == Version.TLS_1_2 || tls13) {
            // RFC 5246 forbids offering signature_algorithms with older versions.
            extensions.u16(0x000D).u16(SIGNATURE_SCHEMES.length * 2 + 2).u16(SIGNATURE_SCHEMES.length * 2);
            for (int scheme : SIGNATURE_SCHEMES) {
                extensions.u16(scheme);
            }
        }
        if (tls13) {
            extensions.u16(0x002B).u16(3).u8(2).u16(Version.TLS_1_3.code);
            byte[] share = x25519PublicKey();
            extensions
                    .u16(0x0033)
                    .u16(share.length + 6)
                    .u16(share.length + 4)
                    .u16(0x001D)
                    .u16(share.length)
                    .raw(share);
            extensions.u16(0x002D).u16(2).u8(1).u8(1);
        }
        body.u16(extensions.size()).raw(extensions.toArray());

        Bytes handshake = new Bytes().u8(1).u24(body.size()).raw(body.toArray());
        // The record layer version of a first ClientHello is 1.0 for every offer, as deployed clients send it.
        return new Bytes()
                .u8(RECORD_HANDSHAKE)
                .u16(Version.TLS_1_0.code)
                .u16(handshake.size())
                .raw(handshake.toArray())
                .toArray();
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    /** A real X25519 public key, so the server can compute a shared secret and answer normally. */
    private byte[] x25519PublicKey() {
        try {
            byte[] encoded = KeyPairGenerator.getInstance("X25519")
                    .generateKeyPair()
                    .getPublic()
                    .getEncoded();
            // The X.509 encoding ends with the 32-byte key itself.
            return Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
        } catch (GeneralSecurityException e) {
            return randomBytes(32);
        }
    }

    /** A small growing byte buffer with big-endian integer writers. */
    private static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes u8(int value) {
            out.write(value & 0xFF);
            return this;
        }

        Bytes u16(int value) {
            return u8(value >> 8).u8(value);
        }

        Bytes u24(int value) {
            return u8(value >> 16).u16(value);
        }

        Bytes raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        int size() {
            return out.size();
        }

        byte[] toArray() {
            return out.toByteArray();
        }
    }
}
