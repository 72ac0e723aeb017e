package dev.vigil.connector.postgres;

import static dev.vigil.connector.postgres.PostgresTestServers.MONITOR;
import static dev.vigil.connector.postgres.PostgresTestServers.MONITOR_PASSWORD;
import static dev.vigil.connector.postgres.PostgresTestServers.RESTRICTED;
import static dev.vigil.connector.postgres.PostgresTestServers.RESTRICTED_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.connector.CollectionException;
import dev.vigil.connector.CollectionSink;
import dev.vigil.connector.ConnectorConfiguration;
import dev.vigil.connector.ConnectorFactory;
import dev.vigil.connector.ObservedResource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The postgres connector against real servers: what it reads from a hardened and a stock server, what a role
 * without grants cannot read, and how each way of failing to connect is reported.
 */
class PostgresConnectorTest {

    private static final Clock NOVEMBER_27 = Clock.fixed(Instant.parse("2026-11-27T10:15:30Z"), ZoneOffset.UTC);
    private static final PostgresConnectorFactory.Timeouts SHORT = new PostgresConnectorFactory.Timeouts(
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2));

    static ObservedResource collect(ConnectorFactory factory, Map<String, Object> raw) throws CollectionException {
        Map<String, Object> settings = factory.descriptor().configSchema().validate(raw);
        List<ObservedResource> observed = new ArrayList<>();
        factory.create(new ConnectorConfiguration(settings)).collect(new CollectionSink() {
            @Override
            public void accept(ObservedResource resource) {
                observed.add(resource);
            }
        });
        assertThat(observed).hasSize(1);
        return observed.get(0);
    }

    private static ObservedResource collect(Map<String, Object> raw) throws CollectionException {
        return collect(new PostgresConnectorFactory(NOVEMBER_27, SHORT), raw);
    }

    @Test
    void isFoundByServiceLoaderAndMarksThePasswordSecret() {
        ConnectorFactory factory = ServiceLoader.load(ConnectorFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(f -> f.descriptor().id().equals("postgres"))
                .findFirst()
                .orElseThrow();
        assertThat(factory.descriptor().resourceTypes()).containsExactly("database.postgres");
        var schema = factory.descriptor().configSchema();
        assertThat(schema.property("password").orElseThrow().secret()).isTrue();
        Map<String, Object> defaults =
                schema.validate(Map.of("host", "db.example.com", "username", "vigil", "password", "x"));
        assertThat(defaults)
                .containsEntry("port", 5432L)
                .containsEntry("sslmode", "prefer")
                .containsEntry("database", "postgres");
    }

    @Test
    void rejectsSslModesLibpqDoesNotKnow() {
        PostgresConnectorFactory factory = new PostgresConnectorFactory();
        Map<String, Object> settings = factory.descriptor()
                .configSchema()
                .validate(Map.of("host", "localhost", "username", "u", "password", "p", "sslmode", "required"));

        assertThatThrownBy(() -> factory.create(new ConnectorConfiguration(settings)))
                .isInstanceOfSatisfying(
                        CollectionException.class,
                        e -> assertThat(e.category()).isEqualTo(CollectionException.Category.CONFIGURATION))
                .hasMessageContaining("disable, allow, prefer, require, verify-ca, verify-full")
                .hasMessageContaining("'required'");
    }

    @Test
    void readsTheHardenedServerOverTls() throws Exception {
        var server = PostgresTestServers.hardened();
        ObservedResource resource = collect(PostgresTestServers.settings(server, MONITOR, MONITOR_PASSWORD, "require"));

        assertThat(resource.type()).isEqualTo("database.postgres");
        assertThat(resource.externalId()).isEqualTo("localhost:" + server.getPort());
        assertThat(resource.unknown()).isEmpty();
        Map<String, Object> attributes = resource.attributes();
        assertThat(attributes)
                .containsEntry("observedOn", "2026-11-27")
                .containsEntry("majorVersion", "17")
                .containsEntry("ssl", true)
                .containsEntry("sslMinProtocolVersion", "TLSv1.2")
                .containsEntry("sslCiphers", List.of("ECDHE+AESGCM", "ECDHE+CHACHA20", "!aNULL", "!eNULL"))
                .containsEntry("passwordEncryption", "scram-sha-256")
                .containsEntry("logConnections", "on")
                .containsEntry("logDisconnections", true)
                .containsEntry("logStatement", "ddl")
                .containsEntry("dataChecksums", true)
                .containsEntry("sharedPreloadLibraries", List.of())
                .containsEntry("superusers", List.of("postgres"))
                .containsEntry("publicSchemaCreateGrantedToPublic", false)
                .containsEntry("hbaErrors", List.of());
        assertThat((String) attributes.get("serverVersion")).startsWith("17.");
        @SuppressWarnings("unchecked")
        Map<String, Object> connection = (Map<String, Object>) attributes.get("connection");
        assertThat(connection).containsEntry("encrypted", true);
        assertThat((String) connection.get("tlsVersion")).isIn("TLSv1.2", "TLSv1.3");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rules = (List<Map<String, Object>>) attributes.get("hbaRules");
        assertThat(rules).extracting(r -> r.get("type")).containsExactly("hostssl", "hostssl", "host");
        assertThat(rules).extracting(r -> r.get("authMethod")).containsOnly("scram-sha-256");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> loginRoles = (List<Map<String, Object>>) attributes.get("loginRoles");
        assertThat(loginRoles)
                .extracting(r -> r.get("name") + " " + r.get("validUntil"))
                .containsExactly(
                        "app_reader 2099-12-31T00:00:00Z", "postgres null", "vigil_monitor 2099-12-31T00:00:00Z");
        assertThat(resource.raw()).containsKeys("pg_settings", "pg_hba_file_rules", "pg_roles");
        assertThat(resource.raw().toString()).doesNotContain(MONITOR_PASSWORD);
    }

    @Test
    void readsTheStockServerAsItIs() throws Exception {
        var server = PostgresTestServers.stock();
        ObservedResource resource = collect(PostgresTestServers.settings(server, "postgres", "unused", "prefer"));

        assertThat(resource.unknown()).isEmpty();
        assertThat(resource.attributes())
                .containsEntry("ssl", false)
                .containsEntry("passwordEncryption", "md5")
                .containsEntry("logConnections", "off")
                .containsEntry("dataChecksums", false)
                .containsEntry("superusers", List.of("legacy_admin", "postgres"))
                .containsEntry("publicSchemaCreateGrantedToPublic", true)
                .containsEntry(
                        "hbaErrors",
                        List.of(Map.of(
                                "line",
                                hbaLineCount(server) + 0L,
                                "error",
                                "invalid authentication method \"scram-sha-265\"")));
        @SuppressWarnings("unchecked")
        Map<String, Object> connection =
                (Map<String, Object>) resource.attributes().get("connection");
        assertThat(connection).containsEntry("encrypted", false);
    }

    private static long hbaLineCount(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server) throws Exception {
        try (var connection = PostgresTestServers.connect(server, "postgres", "");
                var statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT max(line_number) FROM pg_hba_file_rules")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    void aRoleWithoutGrantsLeavesTheRulesUnknownWithTheGrantToRun() throws Exception {
        ObservedResource resource = collect(PostgresTestServers.settings(
                PostgresTestServers.hardened(), RESTRICTED, RESTRICTED_PASSWORD, "require"));

        assertThat(resource.unknown()).containsKeys("hbaRules", "hbaErrors");
        assertThat(resource.unknown().get("hbaRules"))
                .startsWith("role app_reader may not read pg_hba rules (ERROR: permission denied")
                .contains("GRANT SELECT ON pg_catalog.pg_hba_file_rules TO app_reader");
        assertThat(resource.unknown().get("sslCiphers"))
                .isEqualTo("the server hides ssl_ciphers from role app_reader; grant it pg_read_all_settings"
                        + " (included in pg_monitor)");
        assertThat(resource.unknown()).containsKey("sharedPreloadLibraries");
        assertThat(resource.attributes()).containsKeys("ssl", "superusers", "loginRoles", "majorVersion");
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailure() {
        assertThatThrownBy(() -> collect(PostgresTestServers.settings(
                        PostgresTestServers.hardened(), MONITOR, "not-the-password", "require")))
                .isInstanceOfSatisfying(
                        CollectionException.class,
                        e -> assertThat(e.category()).isEqualTo(CollectionException.Category.AUTHENTICATION))
                .hasMessage("The server at localhost:"
                        + PostgresTestServers.hardened().getPort() + " rejected the password of role vigil_monitor.")
                .message()
                .doesNotContain("not-the-password");
    }

    @Test
    void aClosedPortIsANetworkFailure() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Map<String, Object> settings =
                Map.of("host", "127.0.0.1", "port", port, "username", "u", "password", "p", "sslmode", "disable");

        assertThatThrownBy(() -> collect(settings))
                .isInstanceOfSatisfying(
                        CollectionException.class,
                        e -> assertThat(e.category()).isEqualTo(CollectionException.Category.NETWORK))
                .hasMessageStartingWith("Could not connect to 127.0.0.1:" + port);
    }

    @Test
    void aServerThatNeverAnswersTimesOutAsANetworkFailure() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket client = silent.accept()) {
                    // Read the start-up packet and never answer it.
                    client.getInputStream().read(new byte[1024]);
                    Thread.sleep(10_000);
                } catch (IOException | InterruptedException e) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Map<String, Object> settings =
                    Map.of("host", "127.0.0.1", "port", silent.getLocalPort(), "username", "u", "password", "p");
            long started = System.nanoTime();

            assertThatThrownBy(() -> collect(settings))
                    .isInstanceOfSatisfying(
                            CollectionException.class,
                            e -> assertThat(e.category()).isEqualTo(CollectionException.Category.NETWORK))
                    .hasMessageContaining("did not answer in time");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
            acceptor.interrupt();
        }
    }

    @Test
    void requiringTlsFromAServerWithoutItSaysSo() {
        var server = PostgresTestServers.stock();

        assertThatThrownBy(() -> collect(PostgresTestServers.settings(server, "postgres", "unused", "require")))
                .isInstanceOfSatisfying(
                        CollectionException.class,
                        e -> assertThat(e.category()).isEqualTo(CollectionException.Category.CONFIGURATION))
                .hasMessage("sslmode is require, but the server at localhost:" + server.getPort()
                        + " does not offer TLS. Turn ssl on in the server's configuration, or choose sslmode prefer"
                        + " if unencrypted connections are acceptable.");
    }

    @Test
    void majorVersionsBeforeTenHaveTwoParts() {
        assertThat(PostgresConnector.majorVersion(90624)).isEqualTo("9.6");
        assertThat(PostgresConnector.majorVersion(170011)).isEqualTo("17");
        assertThat(PostgresConnector.majorVersion(100023)).isEqualTo("10");
    }
}
