package dev.vigil.platform;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Vigil's settings, bound from {@code vigil.*} (see {@code application.yml} for the environment variables).
 *
 * @param dataDir where the embedded database and generated keys live
 * @param database an external PostgreSQL; when its URL is blank the embedded one is used
 * @param admin the first owner and automation token created at first start
 * @param demo whether the default workspace gets a linux-host integration for this machine at first start
 */
@ConfigurationProperties("vigil")
public record VigilProperties(Path dataDir, Database database, Admin admin, Demo demo) {

    public VigilProperties {
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        database = database == null ? new Database(null, null, null) : database;
        admin = admin == null ? new Admin(null, null, null) : admin;
        demo = demo == null ? new Demo(true) : demo;
    }

    /** External database connection; all blank means "use the embedded database". */
    public record Database(String url, String username, String password) {
        public boolean external() {
            return url != null && !url.isBlank();
        }
    }

    /** First owner and optional API token for automation. */
    public record Admin(String email, String password, String apiToken) {}

    /** Demo content created at first start. */
    public record Demo(boolean enabled) {}
}
