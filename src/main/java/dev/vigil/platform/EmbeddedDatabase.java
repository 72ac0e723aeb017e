package dev.vigil.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
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
    private int users;

    private EmbeddedDatabase(Path directory, EmbeddedPostgres server) {
        this.directory = directory;
        this.server = server;
    }

    /** Starts the server for {@code dataDir}, or joins the one already running in this JVM. */
    static synchronized EmbeddedDatabase acquire(Path dataDir) {
        Path directory = dataDir.toAbsolutePath().normalize().resolve("postgres");
        EmbeddedDatabase database = RUNNING.get(directory);
        if (database == null) {
            database = new EmbeddedDatabase(directory, start(directory));
            RUNNING.put(directory, database);
        }
        database.users++;
        return database;
    }

    private static EmbeddedPostgres start(Path directory) {
        try {
            Files.createDirectories(directory.getParent());
            boolean existing = Files.exists(directory.resolve("PG_VERSION"));
            long started = System.nanoTime();
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("timezone", "UTC")
                    .setPGStartupWait(java.time.Duration.ofSeconds(60))
                    .start();
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
