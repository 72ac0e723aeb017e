package dev.vigil.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTest {

    @TempDir
    Path dataDir;

    @Test
    void newDatabaseRefusesConnectionsWithoutThePasswordAndKeepsDataAcrossRestarts() throws Exception {
        String url;
        try (EmbeddedDatabase database = EmbeddedDatabase.acquire(dataDir)) {
            url = database.jdbcUrl();
            Path passwordFile = dataDir.resolve("postgres.password");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
                    .isEqualTo("rw-------");

            assertThatThrownBy(() -> DriverManager.getConnection(url).close())
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password");
            try (Connection connection = DriverManager.getConnection(url, "postgres", database.password());
                    Statement statement = connection.createStatement()) {
                statement.execute("create table kept (value text)");
                statement.execute("insert into kept values ('still here')");
            }
        }

        try (EmbeddedDatabase database = EmbeddedDatabase.acquire(dataDir);
                Connection connection =
                        DriverManager.getConnection(database.jdbcUrl(), "postgres", database.password());
                Statement statement = connection.createStatement();
                var rows = statement.executeQuery("select value from kept")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("still here");
        }
    }

    @Test
    void aSecondUserOfTheSameDirectoryJoinsTheRunningServer() {
        try (EmbeddedDatabase first = EmbeddedDatabase.acquire(dataDir);
                EmbeddedDatabase second = EmbeddedDatabase.acquire(dataDir)) {
            assertThat(second).isSameAs(first);
        }
    }
}
