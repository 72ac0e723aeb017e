package dev.vigil.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL server used when no external database is configured.
 *
 * <p>Its data directory lives under {@code VIGIL_DATA_DIR}, so data survives restarts. One server runs per data
 * directory and JVM: several application contexts on the same directory (as test suites create) share it, and
 * the server stops when the last of them closes.
 */
final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final Map<Path, EmbeddedDatabase> RUNNING = new HashMap<>();

    private final Path directory;
    private final EmbeddedPostgres server;
    private final String password;
    private int users;

    private EmbeddedDatabase(Path directory, EmbeddedPostgres server, String password) {
        this.directory = directory;
        this.server = server;
        this.password = password;
    }

    /** Starts the server for {@code dataDir}, or joins the one already running in this JVM. */
    static synchronized EmbeddedDatabase acquire(Path dataDir) {
        Path directory = dataDir.toAbsolutePath().normalize().resolve("postgres");
        EmbeddedDatabase database = RUNNING.get(directory);
        if (database == null) {
            Path passwordFile = directory.resolveSibling("postgres.password");
            EmbeddedPostgres server = start(directory);
            database = new EmbeddedDatabase(directory, server, readPassword(passwordFile));
            RUNNING.put(directory, database);
        }
        database.users++;
        return database;
    }

    private static String readPassword(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EmbeddedPostgres start(Path directory) {
        try {
            Files.createDirectories(directory.getParent());
            boolean existing = Files.exists(directory.resolve("PG_VERSION"));
            String password = password(directory.resolveSibling("postgres.password"), existing);
            long started = System.nanoTime();
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setConnectConfig("password", password)
                    // Spring closes the connection pool first and then stops the server; a JVM hook of the
                    // server's own would race it and leave the pool talking to a dead server at shutdown.
                    .setRegisterShutdownHook(false)
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("timezone", "UTC")
                    .setPGStartupWait(java.time.Duration.ofSeconds(60))
                    .start();
            if (!existing) {
                requirePassword(server, directory, password);
            }
            log.info(
                    "Embedded PostgreSQL {} on 127.0.0.1:{} with data in {} ({} ms)",
                    existing ? "started" : "initialised",
                    server.getPort(),
                    directory,
                    (System.nanoTime() - started) / 1_000_000);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot start the embedded PostgreSQL with data in " + directory + ": " + e.getMessage()
                            + " (check that VIGIL_DATA_DIR is writable and no other Vigil uses it)",
                    e);
        }
    }

    /**
     * The database superuser's password, generated at initialisation and kept in an owner-only file beside the
     * data directory.
     */
    private static String password(Path file, boolean existing) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file).strip();
        }
        if (existing) {
            throw new IOException("the database exists but its password file " + file + " is missing");
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        Files.writeString(file, password);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return password;
    }

    /**
     * initdb trusts every local connection; on a shared machine that would hand the whole database (and, through
     * the superuser, the account it runs as) to any local user. Right after initialisation the superuser gets a
     * password and every connection must prove it with SCRAM.
     */
    private static void requirePassword(EmbeddedPostgres server, Path directory, String password) throws IOException {
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("set password_encryption = 'scram-sha-256'");
            statement.execute("alter role postgres password '" + password + "'");
            Files.writeString(directory.resolve("pg_hba.conf"), """
                    # Written by Vigil: every connection authenticates with the superuser's password (SCRAM).
                    local all all scram-sha-256
                    host  all all 127.0.0.1/32 scram-sha-256
                    host  all all ::1/128 scram-sha-256
                    """);
            statement.execute("select pg_reload_conf()");
        } catch (SQLException e) {
            throw new IOException("cannot protect the new database with a password: " + e.getMessage(), e);
        }
    }

    String password() {
        return password;
    }

    String jdbcUrl() {
        return server.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public void close() {
        synchronized (EmbeddedDatabase.class) {
            if (--users > 0) {
                return;
            }
            RUNNING.remove(directory);
        }
        try {
            server.close();
            log.info("Embedded PostgreSQL with data in {} stopped", directory);
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL with data in {} did not stop cleanly: {}", directory, e.getMessage());
        }
    }
}
