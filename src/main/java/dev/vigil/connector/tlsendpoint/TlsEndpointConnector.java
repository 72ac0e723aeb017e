package dev.vigil.connector.tlsendpoint;

import dev.vigil.connector.CollectionException;
import dev.vigil.connector.CollectionException.Category;
import dev.vigil.connector.CollectionSink;
import dev.vigil.connector.Collector;
import dev.vigil.connector.Resources;
import dev.vigil.connector.tlsendpoint.ProtocolProbe.Answer;
import dev.vigil.connector.tlsendpoint.ProtocolProbe.Version;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * Observes one TLS endpoint and reports it as a single {@code endpoint.tls} resource (see the package
 * documentation for its attributes).
 *
 * <p>The run fails only when the endpoint cannot be observed at all: the name does not resolve, nothing
 * accepts the connection, or no TLS version gets a TLS answer. Everything else, including an expired,
 * self-signed or mismatched certificate and missing headers, is an observation for the checks. A part that
 * cannot be read (the certificate of a server the JDK cannot talk to, an HTTP request that fails) becomes an
 * {@code unknown} entry with the reason.
 */
public final class TlsEndpointConnector implements Collector {

    private static final int MAX_REDIRECTS = 5;
    private static final String SECURITY_TXT_PATH = "/.well-known/security.txt";

    /** Validated settings of one integration. */
    record Target(
            String host, int port, String serverName, boolean http, String path, Path trustStore, int timeoutMillis) {

        String origin() {
            String name = serverName.contains(":") ? "[" + serverName + "]" : serverName;
            return "https://" + name + (port == 443 ? "" : ":" + port);
        }
    }

    private final Target target;
    private final Clock clock;

    TlsEndpointConnector(Target target, Clock clock) {
        this.target = target;
        this.clock = clock;
    }

    @Override
    public void collect(CollectionSink sink) throws CollectionException {
        Instant now = clock.instant();
        TrustAnchors anchors = trustAnchors();
        sink.progress("resolving " + target.host());
        InetAddress address = resolve();
        String externalId = target.serverName().equals(target.host())
                ? target.host() + ":" + target.port()
                : target.serverName() + "@" + target.host() + ":" + target.port();
        Resources resource = Resources.builder(
                TlsEndpointConnectorFactory.RESOURCE_TYPE, externalId, target.serverName() + ":" + target.port());
        resource.attribute("host", target.host());
        resource.attribute("port", (long) target.port());
        resource.attribute("serverName", target.serverName());
        resource.attribute("address", address.getHostAddress());

        Map<Version, ProtocolProbe.Result> probes = probeVersions(sink, address);
        List<String> accepted = new ArrayList<>();
        probes.forEach((version, result) -> {
            resource.raw("probe " + version.label, result.description());
            if (result.answer() == Answer.NO_ANSWER) {
                resource.unknown(version.attribute, version.label + ": " + result.description());
                return;
            }
            Map<String, Object> protocol = new LinkedHashMap<>();
            protocol.put("accepted", result.answer() == Answer.ACCEPTED);
            protocol.put("answer", result.description());
            resource.attribute(version.attribute, protocol);
            if (result.answer() == Answer.ACCEPTED) {
                accepted.add(version.label);
            }
        });
        resource.attribute("acceptedProtocols", accepted);

        sink.progress("reading the certificate");
        TlsClient client;
        try {
            client = new TlsClient(address, target.port(), target.serverName(), target.timeoutMillis());
        } catch (GeneralSecurityException e) {
            throw new CollectionException(
                    Category.CONFIGURATION, "the Java runtime offers no TLS: " + e.getMessage(), e);
        }
        boolean modernProtocol = probes.get(Version.TLS_1_2).answer() == Answer.ACCEPTED
                || probes.get(Version.TLS_1_3).answer() == Answer.ACCEPTED;
        List<X509Certificate> chain = List.of();
        String chainProblem = null;
        if (modernProtocol) {
            try {
                TlsClient.Handshake handshake = client.handshake();
                chain = handshake.chain();
                Map<String, Object> negotiated = new LinkedHashMap<>();
                negotiated.put("protocol", handshake.protocol());
                negotiated.put("cipherSuite", handshake.cipherSuite());
                resource.attribute("negotiated", negotiated);
            } catch (IOException e) {
                chainProblem = "TLS handshake failed: " + describe(e);
                resource.unknown("negotiated", chainProblem);
            }
        } else {
            chainProblem = "the server accepts only " + String.join(" and ", accepted)
                    + ", which this Java runtime refuses to complete";
            resource.unknown("negotiated", chainProblem);
        }
        if (chain.isEmpty()) {
            // TLS 1.0 to 1.2 send the chain in clear text: the probes may already hold it.
            for (ProtocolProbe.Result result : probes.values()) {
                if (result.answer() == Answer.ACCEPTED && !result.certificates().isEmpty()) {
                    chain = result.certificates();
                }
            }
        }
        if (chain.isEmpty()) {
            String reason = chainProblem != null ? chainProblem : "the server presented no certificate";
            resource.unknown("certificate", reason);
            resource.unknown("chain", reason);
            resource.unknown("hostname", reason);
        } else {
            CertificateInspector inspector = new CertificateInspector(anchors, now);
            resource.attribute("certificate", inspector.leaf(chain.get(0)));
            resource.attribute("chain", inspector.chain(chain));
            HostnameMatcher.Match match = HostnameMatcher.match(target.serverName(), chain.get(0));
            Map<String, Object> hostname = new LinkedHashMap<>();
            hostname.put("expected", target.serverName());
            hostname.put("matches", match.matches());
            hostname.put("reason", match.explanation());
            hostname.put("dnsNames", match.dnsNames());
            hostname.put("ipAddresses", match.ipAddresses());
            resource.attribute("hostname", hostname);
            resource.raw("certificate chain", CertificateInspector.pem(chain));
        }

        if (!target.http()) {
            resource.attribute("http", Map.of("checked", false));
            resource.attribute("securityTxt", Map.of("checked", false));
        } else if (!modernProtocol) {
            String reason = "HTTPS not read: " + chainProblem;
            resource.unknown("http", reason);
            resource.unknown("securityTxt", reason);
        } else {
            sink.progress("reading the HTTP headers of " + target.path());
            readHttp(client, resource);
            sink.progress("reading " + SECURITY_TXT_PATH);
            readSecurityTxt(client, resource, now);
        }
        sink.accept(resource.build());
    }

    private TrustAnchors trustAnchors() throws CollectionException {
        try {
            return target.trustStore() == null
                    ? TrustAnchors.jvmDefault()
                    : TrustAnchors.fromPemBundle(target.trustStore());
        } catch (IOException e) {
            throw new CollectionException(
                    Category.CONFIGURATION,
                    "trustStore " + target.trustStore() + " cannot be read: " + e.getMessage(),
                    e);
        } catch (CertificateException e) {
            throw new CollectionException(
                    Category.CONFIGURATION,
                    "trustStore " + target.trustStore() + " is not a PEM certificate bundle: " + e.getMessage(),
                    e);
        } catch (GeneralSecurityException e) {
            throw new CollectionException(
                    Category.CONFIGURATION, "the Java runtime's trust store cannot be read: " + e.getMessage(), e);
        }
    }

    private InetAddress resolve() throws CollectionException {
        try {
            return InetAddress.getByName(target.host());
        } catch (UnknownHostException e) {
            throw new CollectionException(
                    Category.NETWORK, "cannot resolve host '" + target.host() + "': no such name in DNS", e);
        }
    }

    private Map<Version, ProtocolProbe.Result> probeVersions(CollectionSink sink, InetAddress address)
            throws CollectionException {
        ProtocolProbe probe = new ProtocolProbe(address, target.port(), target.serverName(), target.timeoutMillis());
        Map<Version, ProtocolProbe.Result> results = new EnumMap<>(Version.class);
        for (Version version : Version.values()) {
            sink.progress("asking whether " + target.host() + ":" + target.port() + " accepts " + version.label);
            try {
                results.put(version, probe.probe(version));
            } catch (ProtocolProbe.UnreachableException e) {
                throw new CollectionException(Category.NETWORK, target.host() + ": " + e.getMessage(), e);
            }
        }
        if (results.values().stream().noneMatch(r -> r.answer() == Answer.ACCEPTED)) {
            throw noTls(results);
        }
        return results;
    }

    /** The run cannot observe anything: say what the port answered instead of TLS. */
    private CollectionException noTls(Map<Version, ProtocolProbe.Result> results) {
        String endpoint = target.host() + ":" + target.port();
        for (ProtocolProbe.Result result : results.values()) {
            if (result.answer() == Answer.NOT_TLS) {
                return new CollectionException(
                        Category.INVALID_RESPONSE,
                        endpoint + " does not speak TLS: it " + result.description() + ". Is this the right port?");
            }
        }
        StringBuilder answers = new StringBuilder();
        results.forEach((version, result) -> answers.append(answers.length() == 0 ? "" : "; ")
                .append(version.label)
                .append(": ")
                .append(result.description()));
        if (results.values().stream().allMatch(r -> r.answer() == Answer.NO_ANSWER)) {
            return new CollectionException(
                    Category.NETWORK,
                    endpoint + " accepted the connection but never answered a TLS ClientHello (" + answers + ")");
        }
        return new CollectionException(
                Category.INVALID_RESPONSE,
                endpoint + " completed no TLS handshake, whatever the version from TLS 1.0 to 1.3 (" + answers + ")");
    }

    private void readHttp(TlsClient client, Resources resource) {
        try {
            Fetched fetched = fetchFollowingSameOrigin(client, target.path());
            Map<String, Object> http = new LinkedHashMap<>();
            http.put("checked", true);
            http.put("url", fetched.url());
            http.put("status", (long) fetched.response().status());
            http.put("redirects", fetched.redirects());
            http.putAll(SecurityHeaders.read(fetched.response()));
            resource.attribute("http", http);
            resource.raw("GET " + fetched.url(), fetched.response().head());
        } catch (IOException e) {
            resource.unknown("http", "GET " + target.origin() + target.path() + " failed: " + describe(e));
        }
    }

    private void readSecurityTxt(TlsClient client, Resources resource, Instant now) {
        try {
            Fetched fetched = fetchFollowingSameOrigin(client, SECURITY_TXT_PATH);
            TlsClient.Response response = fetched.response();
            String contentType = response.header("content-type");
            String body = new String(response.body(), StandardCharsets.UTF_8);
            boolean plainText = contentType != null
                    && contentType.toLowerCase(Locale.ROOT).strip().startsWith("text/plain");
            boolean found = response.status() == 200 && plainText;
            Map<String, Object> securityTxt = new LinkedHashMap<>();
            securityTxt.put("checked", true);
            securityTxt.put("url", fetched.url());
            securityTxt.put("status", (long) response.status());
            securityTxt.put("contentType", contentType);
            securityTxt.put("found", found);
            securityTxt.put("redirects", fetched.redirects());
            if (found) {
                securityTxt.putAll(SecurityTxt.parse(body, fetched.url(), now));
            } else {
                securityTxt.putAll(SecurityTxt.parse("", fetched.url(), now));
                @SuppressWarnings("unchecked")
                List<String> problems = new ArrayList<>((List<String>) securityTxt.get("problems"));
                problems.add(
                        0,
                        response.status() == 200
                                ? "served as " + contentType + ", not text/plain: this is not a security.txt file"
                                : "HTTP status " + response.status() + " for " + fetched.url());
                securityTxt.put("problems", problems);
            }
            resource.attribute("securityTxt", securityTxt);
            resource.raw(
                    "GET " + fetched.url(),
                    response.head() + "\n" + body + (response.truncated() ? "\n(truncated)" : ""));
        } catch (IOException e) {
            resource.unknown("securityTxt", "GET " + target.origin() + SECURITY_TXT_PATH + " failed: " + describe(e));
        }
    }

    private record Fetched(String url, TlsClient.Response response, List<String> redirects) {}

    /**
     * GETs a path and follows redirects that stay on this endpoint (same scheme, name and port), as a browser
     * would before showing the page whose headers matter. A redirect elsewhere ends the walk: that response is
     * what this endpoint serves.
     */
    private Fetched fetchFollowingSameOrigin(TlsClient client, String path) throws IOException {
        String origin = target.origin();
        String url = origin + path;
        List<String> redirects = new ArrayList<>();
        TlsClient.Response response = client.get(path);
        while (response.status() >= 300
                && response.status() < 400
                && response.header("location") != null
                && redirects.size() < MAX_REDIRECTS) {
            URI next;
            try {
                next = new URI(url).resolve(response.header("location").strip());
            } catch (URISyntaxException | IllegalArgumentException e) {
                break;
            }
            String nextOrigin = next.getScheme() + "://" + next.getRawAuthority();
            if (!nextOrigin.equalsIgnoreCase(origin) && !nextOrigin.equalsIgnoreCase(origin + ":443")) {
                break;
            }
            redirects.add(response.status() + " " + next);
            url = next.toString();
            String nextPath = (next.getRawPath() == null || next.getRawPath().isEmpty() ? "/" : next.getRawPath())
                    + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery());
            response = client.get(nextPath);
        }
        return new Fetched(url, response, redirects);
    }

    private static String describe(IOException e) {
        if (e instanceof SSLException) {
            return "TLS error: " + e.getMessage();
        }
        return e.getClass().getSimpleName().replace("Exception", "") + ": " + e.getMessage();
    }
}
