package dev.vigil.connector.postgres;

import dev.vigil.connector.CollectionException;
import dev.vigil.connector.Collector;
import dev.vigil.connector.ConfigProperty;
import dev.vigil.connector.ConfigSchema;
import dev.vigil.connector.ConnectorConfiguration;
import dev.vigil.connector.ConnectorDescriptor;
import dev.vigil.connector.ConnectorFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The {@code postgres} connector: signs in to a PostgreSQL server with a read-only monitoring role and reports
 * its security settings, its pg_hba.conf rules and its privileged roles as one {@code database.postgres}
 * resource.
 */
public final class PostgresConnectorFactory implements ConnectorFactory {

    public static final String ID = "postgres";
    public static final String RESOURCE_TYPE = "database.postgres";
    static final String HOST = "host";
    static final String PORT = "port";
    static final String DATABASE = "database";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String SSL_MODE = "sslmode";

    /** The values libpq accepts for sslmode, weakest first. */
    static final List<String> SSL_MODES = List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    private static final ConnectorDescriptor DESCRIPTOR = new ConnectorDescriptor(
            ID,
            "PostgreSQL",
            "Reads a PostgreSQL server's security settings (TLS, authentication rules, logging, roles, version)"
                    + " with a read-only monitoring role.",
            List.of(RESOURCE_TYPE),
            ConfigSchema.of(
                    ConfigProperty.string(HOST, "Host", "Name or IP address of the PostgreSQL server.", null),
                    ConfigProperty.integer(PORT, "Port", "TCP port the server listens on.", 5432L),
                    ConfigProperty.string(
                            DATABASE,
                            "Database",
                            "Database to connect to; its public schema is the one whose privileges are checked.",
                            "postgres"),
                    ConfigProperty.string(
                            USERNAME,
                            "User name",
                            "Role Vigil signs in as. It only needs pg_monitor (see the connector's documentation).",
                            null),
                    ConfigProperty.secret(PASSWORD, "Password", "Password of that role."),
                    ConfigProperty.string(
                            SSL_MODE,
                            "SSL mode",
                            "How the connection uses TLS, as in libpq: " + String.join(", ", SSL_MODES)
                                    + ". verify-ca and verify-full check the server's certificate against"
                                    + " ~/.postgresql/root.crt of the account Vigil runs as.",
                            "prefer")));

    private final Clock clock;
    private final Timeouts timeouts;

    /** Used by {@link java.util.ServiceLoader}. */
    public PostgresConnectorFactory() {
        this(Clock.systemUTC(), Timeouts.DEFAULT);
    }

    PostgresConnectorFactory(Clock clock, Timeouts timeouts) {
        this.clock = clock;
        this.timeouts = timeouts;
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Collector create(ConnectorConfiguration configuration) throws CollectionException {
        String host = configuration.requireString(HOST);
        long port = configuration.requireLong(PORT);
        if (port < 1 || port > 65535) {
            throw new CollectionException(
                    CollectionException.Category.CONFIGURATION, "port must be between 1 and 65535, got " + port);
        }
        String sslMode = configuration.string(SSL_MODE).orElse("prefer");
        if (!SSL_MODES.contains(sslMode)) {
            throw new CollectionException(
                    CollectionException.Category.CONFIGURATION,
                    "sslmode must be one of " + String.join(", ", SSL_MODES) + "; got '" + sslMode + "'");
        }
        ConnectionSettings settings = new ConnectionSettings(
                host,
                (int) port,
                configuration.string(DATABASE).orElse("postgres"),
                configuration.requireString(USERNAME),
                configuration.requireString(PASSWORD),
                sslMode);
        return new PostgresConnector(settings, clock, timeouts);
    }

    /**
     * How long the connector waits, so that a server that stops answering never holds a collection run.
     *
     * @param connect TCP connect and TLS handshake
     * @param login the whole sign-in, including authentication
     * @param socket any single read from the server
     * @param statement server-side limit for each query ({@code statement_timeout})
     */
    record Timeouts(Duration connect, Duration login, Duration socket, Duration statement) {
        static final Timeouts DEFAULT = new Timeouts(
                Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    /** Where and how to connect. The password never appears in {@link #toString()}. */
    record ConnectionSettings(
            String host, int port, String database, String username, String password, String sslMode) {

        String address() {
            return host.contains(":") && !host.startsWith("[") ? "[" + host + "]:" + port : host + ":" + port;
        }

        @Override
        public String toString() {
            return "ConnectionSettings[" + username + "@" + address() + "/" + database + ", sslmode=" + sslMode + "]";
        }
    }
}
