package dev.vigil.connector.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Two real PostgreSQL servers shared by the tests of one JVM, started on first use and stopped at exit.
 *
 * <p>The <em>hardened</em> server runs with TLS (a certificate made for the test), TLS 1.2 as the minimum,
 * strong ciphers, SCRAM passwords, connection and DDL logging, data checksums (its cluster is created with
 * {@code initdb --data-checksums} before the server starts) and a pg_hba.conf that only accepts SCRAM. Vigil
 * signs in to it as {@link #MONITOR}, a role with pg_monitor and the grants on pg_hba_file_rules, and {@link
 * #RESTRICTED} is a role with no grants at all.
 *
 * <p>The <em>stock</em> server runs with the defaults and the leftovers of an old installation: md5 password
 * hashing, CREATE on the public schema for everyone, a second superuser, and pg_hba.conf lines with md5 and a
 * typo.
 */
public final class PostgresTestServers {

    public static final String MONITOR = "vigil_monitor";
    public static final String MONITOR_PASSWORD = "monitor-Secret-4711";
    public static final String RESTRICTED = "app_reader";
    public static final String RESTRICTED_PASSWORD = "reader-Secret-0815";
    public static final String ADMIN_PASSWORD = "admin-Secret-2342";

    private static EmbeddedPostgres hardened;
    private static EmbeddedPostgres stock;
    private static Path workDir;

    private PostgresTestServers() {}

    /** The stock server; its superuser postgres signs in without a password (pg_hba.conf trust). */
    public static synchronized EmbeddedPostgres stock() {
        if (stock == null) {
            try {
                Path dataDir = workDir().resolve("stock");
                stock = EmbeddedPostgres.builder()
                        .setDataDirectory(dataDir)
                        .setRegisterShutdownHook(false)
                        .setServerConfig("password_encryption", "md5")
                        .start();
                try (Connection connection = connect(stock, "postgres", "")) {
                    execute(
                            connection,
                            "GRANT CREATE ON SCHEMA public TO PUBLIC",
                            "CREATE ROLE legacy_admin SUPERUSER LOGIN PASSWORD 'legacy'",
                            "CREATE ROLE app LOGIN PASSWORD 'app'");
                }
                Files.writeString(
                        dataDir.resolve("pg_hba.conf"),
                        "host all all 10.0.0.0/8 md5\nhost all all 10.1.0.0/16 scram-sha-265\n",
                        StandardOpenOption.APPEND);
                try (Connection connection = connect(stock, "postgres", "")) {
                    execute(connection, "SELECT pg_reload_conf()");
                }
            } catch (IOException | SQLException e) {
                throw new IllegalStateException("could not start the stock PostgreSQL server", e);
            }
        }
        return stock;
    }

    /** The hardened server; sign in as postgres with {@link #ADMIN_PASSWORD} to change it. */
    public static synchronized EmbeddedPostgres hardened() {
        if (hardened == null) {
            try {
                Path dir = workDir().resolve("hardened");
                Files.createDirectories(dir);
                Path certificate = dir.resolve("server.crt");
                Path key = dir.resolve("server.key");
                run(List.of(
                        "openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-days",
                        "2",
                        "-subj",
                        "/CN=localhost",
                        "-keyout",
                        key.toString(),
                        "-out",
                        certificate.toString()));
                Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
                Path dataDir = dir.resolve("data");
                initdbWithChecksums(dataDir);
                // In postgresql.conf rather than on the command line, where ALTER SYSTEM could not override them.
                Files.writeString(
                        dataDir.resolve("postgresql.conf"),
                        String.join(
                                "\n",
                                "ssl = on",
                                "ssl_cert_file = '" + certificate + "'",
                                "ssl_key_file = '" + key + "'",
                                "ssl_min_protocol_version = 'TLSv1.2'",
                                "ssl_ciphers = 'ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL:!eNULL'",
                                "password_encryption = 'scram-sha-256'",
                                "log_connections = on",
                                "log_disconnections = on",
                                "log_statement = 'ddl'",
                                ""),
                        StandardOpenOption.APPEND);
                hardened = EmbeddedPostgres.builder()
                        .setDataDirectory(dataDir)
                        .setCleanDataDirectory(false)
                        .setRegisterShutdownHook(false)
                        .start();
                try (Connection connection = connect(hardened, "postgres", "")) {
                    execute(
                            connection,
                            "ALTER ROLE postgres PASSWORD '" + ADMIN_PASSWORD + "'",
                            "CREATE ROLE " + MONITOR + " LOGIN PASSWORD '" + MONITOR_PASSWORD
                                    + "' VALID UNTIL '2099-12-31' IN ROLE pg_monitor",
                            PostgresConnector.hbaGrants(MONITOR).split(";")[0],
                            PostgresConnector.hbaGrants(MONITOR).split(";")[1],
                            "CREATE ROLE " + RESTRICTED + " LOGIN PASSWORD '" + RESTRICTED_PASSWORD
                                    + "' VALID UNTIL '2099-12-31'");
                }
                // From now on every sign-in needs a SCRAM password; TLS connections match the hostssl lines,
                // and the plain line lets the tests still connect while they turn TLS off.
                Files.writeString(dataDir.resolve("pg_hba.conf"), """
                        hostssl all all 127.0.0.1/32 scram-sha-256
                        hostssl all all ::1/128      scram-sha-256
                        host    all all 127.0.0.1/32 scram-sha-256
                        """);
                try (Connection connection = connect(hardened, "postgres", "")) {
                    execute(connection, "SELECT pg_reload_conf()");
                }
            } catch (IOException | SQLException e) {
                throw new IllegalStateException("could not start the hardened PostgreSQL server", e);
            }
        }
        return hardened;
    }

    /** Signs in over TCP to localhost; the password is ignored where pg_hba.conf says trust. */
    public static Connection connect(EmbeddedPostgres server, String user, String password) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + server.getPort() + "/postgres", user, password);
    }

    /** Runs statements as postgres on the hardened server. */
    public static void asAdmin(String... statements) throws SQLException {
        try (Connection connection = connect(hardened(), "postgres", ADMIN_PASSWORD)) {
            execute(connection, statements);
        }
    }

    /**
     * Changes a setting of the hardened server with ALTER SYSTEM (or resets it when {@code value} is null), reloads
     * the configuration and waits until new sessions see it: the reload is a signal the server handles a moment
     * later.
     */
    public static void changeSetting(String name, String value, String expected) throws SQLException {
        asAdmin(
                value == null ? "ALTER SYSTEM RESET " + name : "ALTER SYSTEM SET " + name + " = '" + value + "'",
                "SELECT pg_reload_conf()");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Connection connection = connect(hardened(), "postgres", ADMIN_PASSWORD);
                    Statement statement = connection.createStatement();
                    var rows = statement.executeQuery("SHOW " + name)) {
                rows.next();
                if (rows.getString(1).equals(expected)) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not become " + expected + " after the reload");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static void execute(Connection connection, String... statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** Settings for the postgres connector pointing at a server, as an integration would hold them. */
    public static Map<String, Object> settings(EmbeddedPostgres server, String user, String password, String sslMode) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("host", "localhost");
        settings.put("port", server.getPort());
        settings.put("username", user);
        settings.put("password", password);
        settings.put("sslmode", sslMode);
        return settings;
    }

    /**
     * Creates a cluster with page checksums using the initdb that came with the embedded server. The embedded
     * server's own initdb takes no extra options, and it skips initdb when the data directory already exists.
     */
    private static void initdbWithChecksums(Path dataDir) throws IOException {
        stock();
        // The stock server's postmaster runs the embedded binaries; its pid is the first line of postmaster.pid.
        long pid = Long.parseLong(Files.readAllLines(workDir().resolve("stock/postmaster.pid"))
                .get(0)
                .strip());
        Path postgres = Path.of(ProcessHandle.of(pid)
                .flatMap(process -> process.info().command())
                .orElseThrow(() -> new IOException("cannot tell where the embedded PostgreSQL binaries are")));
        Path initdb = postgres.resolveSibling("initdb");
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            // As the embedded server does: PostgreSQL refuses to run as root, an unprivileged user namespace
            // makes it run as nobody.
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(
                initdb.toString(),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF-8",
                "--no-locale",
                "--data-checksums",
                "-D",
                dataDir.toString()));
        run(command);
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(command.get(0) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static Path workDir() throws IOException {
        if (workDir == null) {
            workDir = Files.createTempDirectory("vigil-postgres-connector-");
            Runtime.getRuntime().addShutdownHook(new Thread(PostgresTestServers::stopAll));
        }
        return workDir;
    }

    private static synchronized void stopAll() {
        for (EmbeddedPostgres server : new EmbeddedPostgres[] {hardened, stock}) {
            if (server != null) {
                try {
                    server.close();
                } catch (IOException e) {
                    // The JVM is exiting; nothing left to do.
                }
            }
        }
        // The servers are stopped (only this hook stops them), so nothing writes below workDir any more.
        try (Stream<Path> paths = Files.walk(workDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // Skip what cannot be deleted; the system cleans its temporary directory.
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // Leave the temporary directory; the system cleans it.
        }
    }
}
