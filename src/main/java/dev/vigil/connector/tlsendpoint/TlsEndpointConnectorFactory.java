package dev.vigil.connector.tlsendpoint;

import dev.vigil.connector.CollectionException;
import dev.vigil.connector.CollectionException.Category;
import dev.vigil.connector.Collector;
import dev.vigil.connector.ConfigProperty;
import dev.vigil.connector.ConfigSchema;
import dev.vigil.connector.ConnectorConfiguration;
import dev.vigil.connector.ConnectorDescriptor;
import dev.vigil.connector.ConnectorFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The {@code tls-endpoint} connector: connects to one TLS server the way a client on the internet would and
 * reports which protocol versions it accepts, its certificate, and (for HTTPS) its security headers and
 * security.txt. It needs no credentials; it only connects.
 */
public final class TlsEndpointConnectorFactory implements ConnectorFactory {

    public static final String ID = "tls-endpoint";
    public static final String RESOURCE_TYPE = "endpoint.tls";
    static final String HOST = "host";
    static final String PORT = "port";
    static final String SERVER_NAME = "serverName";
    static final String HTTP = "http";
    static final String PATH = "path";
    static final String TRUST_STORE = "trustStore";
    static final String TIMEOUT_SECONDS = "timeoutSeconds";

    private static final ConnectorDescriptor DESCRIPTOR = new ConnectorDescriptor(
            ID,
            "TLS endpoint",
            "Connects to a TLS server and reports its protocol versions, certificate, HTTPS security headers and"
                    + " security.txt.",
            List.of(RESOURCE_TYPE),
            ConfigSchema.of(
                    ConfigProperty.string(HOST, "Host", "Name or IP address to connect to, without https://.", null),
                    ConfigProperty.integer(PORT, "Port", "TCP port of the TLS server.", 443L),
                    ConfigProperty.optionalString(
                            SERVER_NAME,
                            "Server name",
                            "Name sent in SNI and the Host header, and that the certificate must match. Defaults to"
                                    + " the host."),
                    ConfigProperty.bool(
                            HTTP,
                            "HTTPS checks",
                            "The endpoint serves HTTPS: read the security headers of the path and"
                                    + " /.well-known/security.txt. Turn off for other TLS services (SMTP, LDAP).",
                            true),
                    ConfigProperty.string(
                            PATH, "Path", "Path whose response headers are checked, starting with /.", "/"),
                    ConfigProperty.optionalString(
                            TRUST_STORE,
                            "Trust store",
                            "Absolute path of a PEM file with the certificate authorities to trust (for an internal"
                                    + " CA). Defaults to the Java runtime's trust store."),
                    ConfigProperty.integer(
                            TIMEOUT_SECONDS,
                            "Timeout (seconds)",
                            "How long to wait for a connection and for each answer.",
                            10L)));

    private final Clock clock;

    public TlsEndpointConnectorFactory() {
        this(Clock.systemUTC());
    }

    TlsEndpointConnectorFactory(Clock clock) {
        this.clock = clock;
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Collector create(ConnectorConfiguration configuration) throws CollectionException {
        String host = configuration.requireString(HOST);
        if (host.contains("://") || host.contains("/")) {
            throw new CollectionException(
                    Category.CONFIGURATION, "host must be a name or an IP address, not a URL: '" + host + "'");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        long port = configuration.values().containsKey(PORT) ? configuration.requireLong(PORT) : 443L;
        if (port < 1 || port > 65_535) {
            throw new CollectionException(Category.CONFIGURATION, "port must be between 1 and 65535, got " + port);
        }
        String serverName =
                configuration.string(SERVER_NAME).filter(s -> !s.isBlank()).orElse(host);
        boolean http = !configuration.values().containsKey(HTTP) || configuration.flag(HTTP);
        String path = configuration.string(PATH).orElse("/");
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == 0x7F)) {
            throw new CollectionException(
                    Category.CONFIGURATION, "path must start with / and contain no spaces, got '" + path + "'");
        }
        long timeout =
                configuration.values().containsKey(TIMEOUT_SECONDS) ? configuration.requireLong(TIMEOUT_SECONDS) : 10L;
        if (timeout < 1 || timeout > 300) {
            throw new CollectionException(
                    Category.CONFIGURATION, "timeoutSeconds must be between 1 and 300, got " + timeout);
        }
        Path trustStore = null;
        if (configuration.string(TRUST_STORE).filter(s -> !s.isBlank()).isPresent()) {
            trustStore = Path.of(configuration.requireString(TRUST_STORE));
            if (!trustStore.isAbsolute()) {
                throw new CollectionException(
                        Category.CONFIGURATION, "trustStore must be an absolute path, got '" + trustStore + "'");
            }
            if (!Files.isReadable(trustStore) || Files.isDirectory(trustStore)) {
                throw new CollectionException(
                        Category.CONFIGURATION, "trustStore " + trustStore + " is not a readable file");
            }
        }
        return new TlsEndpointConnector(
                new TlsEndpointConnector.Target(
                        host, (int) port, serverName, http, path, trustStore, (int) timeout * 1000),
                clock);
    }
}
