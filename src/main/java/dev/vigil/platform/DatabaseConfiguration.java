package dev.vigil.platform;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the database: the external PostgreSQL named by {@code VIGIL_DATABASE_URL}, or an embedded one with
 * its data under {@code VIGIL_DATA_DIR}. Both speak the same SQL dialect, so nothing else depends on the choice.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedDatabaseHandle embeddedDatabase(VigilProperties properties) {
        return properties.database().external()
                ? new EmbeddedDatabaseHandle(null)
                : new EmbeddedDatabaseHandle(EmbeddedDatabase.acquire(properties.dataDir()));
    }

    @Bean
    DataSource dataSource(VigilProperties properties, EmbeddedDatabaseHandle embedded) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setPoolName("vigil");
        dataSource.setMaximumPoolSize(10);
        VigilProperties.Database database = properties.database();
        if (database.external()) {
            dataSource.setJdbcUrl(database.url());
            dataSource.setUsername(database.username());
            dataSource.setPassword(database.password());
        } else {
            dataSource.setJdbcUrl(embedded.database().jdbcUrl());
            dataSource.setUsername("postgres");
            dataSource.setPassword(embedded.database().password());
        }
        return dataSource;
    }

    /** Keeps the embedded server (if any) alive exactly as long as this application context. */
    record EmbeddedDatabaseHandle(EmbeddedDatabase database) implements AutoCloseable {
        @Override
        public void close() {
            if (database != null) {
                database.close();
            }
        }
    }
}
