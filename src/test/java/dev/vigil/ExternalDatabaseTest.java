package dev.vigil;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.workspace.Workspaces;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With {@code VIGIL_DATABASE_URL} set, Vigil uses that PostgreSQL, as a production install would, and starts no
 * embedded one. The "external" server here is a separate PostgreSQL process the test starts, reached over TCP
 * with its own role and password.
 */
class ExternalDatabaseTest {

    @TempDir
    Path serverDir;

    @TempDir
    Path dataDir;

    @Test
    void anExternalDatabaseIsUsedAndNoEmbeddedOneIsStarted() throws Exception {
        try (EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setDataDirectory(serverDir)
                .setCleanDataDirectory(true)
                .start()) {
            try (Connection admin = server.getPostgresDatabase().getConnection();
                    Statement statement = admin.createStatement()) {
                statement.execute("create role vigil login password 'external-db-password'");
                statement.execute("create database vigil owner vigil");
            }
            String url = "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/vigil";

            try (ConfigurableApplicationContext vigil = new SpringApplicationBuilder(VigilApplication.class)
                    .run(
                            "--server.port=0",
                            "--vigil.data-dir=" + dataDir,
                            "--vigil.database.url=" + url,
                            "--vigil.database.username=vigil",
                            "--vigil.database.password=external-db-password",
                            "--vigil.demo.enabled=false")) {
                assertThat(vigil.getBean(Workspaces.class).findBySlug("default"))
                        .isPresent();
            }

            assertThat(Files.exists(dataDir.resolve("postgres")))
                    .as("no embedded database")
                    .isFalse();
            try (Connection connection = DriverManager.getConnection(url, "vigil", "external-db-password");
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("select slug from workspace")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("default");
            }
        }
    }
}
