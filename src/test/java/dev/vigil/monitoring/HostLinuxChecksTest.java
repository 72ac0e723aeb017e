package dev.vigil.monitoring;

import static dev.vigil.monitoring.CheckStatus.ERROR;
import static dev.vigil.monitoring.CheckStatus.FAIL;
import static dev.vigil.monitoring.CheckStatus.PASS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.LinuxHostFixtures;
import dev.vigil.catalog.CheckDefinition;
import dev.vigil.catalog.FrameworkCatalog;
import dev.vigil.connector.CollectionSink;
import dev.vigil.connector.ConnectorConfiguration;
import dev.vigil.connector.ConnectorFactory;
import dev.vigil.connector.ObservedResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shipped host.linux check, evaluated on what the real linux-host connector reads from fixture trees: a
 * stock Debian 12 server, a hardened one and a broken one. Each test names the outcome of every check, so a
 * changed check or connector shows up here as a changed expectation.
 */
class HostLinuxChecksTest {

    private static final FrameworkCatalog CATALOG = FrameworkCatalog.load("content");
    private static final CheckEngine ENGINE = new CheckEngine(CATALOG, List.of(new DataVolumesEncryptedCheck()));

    @TempDir
    Path workDir;

    /** Copies a fixture and gives the password hash files the modes Debian installs (git keeps no modes). */
    private Path installed(String fixture, String shadowMode) throws IOException {
        Path target = LinuxHostFixtures.copy(fixture, workDir.resolve(fixture));
        for (String file : List.of("etc/shadow", "etc/gshadow")) {
            if (Files.exists(target.resolve(file))) {
                Files.setPosixFilePermissions(target.resolve(file), PosixFilePermissions.fromString(shadowMode));
            }
        }
        return target;
    }

    static Map<String, CheckOutcome> evaluate(Path root) throws Exception {
        ConnectorFactory factory = ServiceLoader.load(ConnectorFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(f -> f.descriptor().id().equals("linux-host"))
                .findFirst()
                .orElseThrow();
        Map<String, Object> settings =
                factory.descriptor().configSchema().validate(Map.of("rootPath", root.toString()));
        List<ObservedResource> observed = new ArrayList<>();
        factory.create(new ConnectorConfiguration(settings)).collect(new CollectionSink() {
            @Override
            public void accept(ObservedResource resource) {
                observed.add(resource);
            }
        });
        assertThat(observed).hasSize(1);
        ObservedResource host = observed.get(0);
        Map<String, CheckOutcome> outcomes = new TreeMap<>();
        for (CheckDefinition check : CATALOG.checksFor("host.linux")) {
            outcomes.put(check.id(), ENGINE.evaluate(check, host.attributes(), host.unknown()));
        }
        return outcomes;
    }

    private static Map<String, CheckStatus> statuses(Map<String, CheckOutcome> outcomes) {
        return outcomes.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().status(), (a, b) -> a, TreeMap::new));
    }

    @Test
    void stockDebian12FailsTheHardeningChecks() throws Exception {
        Map<String, CheckOutcome> outcomes = evaluate(installed("debian12-stock", "rw-r-----"));

        Map<String, CheckStatus> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("host.aslr-enabled", PASS),
                Map.entry("host.audit-daemon-running", FAIL),
                Map.entry("host.automatic-security-updates-enabled", FAIL),
                Map.entry("host.data-volumes-encrypted", FAIL),
                Map.entry("host.file-integrity-monitoring-configured", FAIL),
                Map.entry("host.firewall-active", FAIL),
                Map.entry("host.icmp-redirects-disabled", FAIL),
                Map.entry("host.ip-forwarding-disabled", PASS),
                Map.entry("host.kernel-log-restricted", PASS),
                Map.entry("host.no-empty-password-accounts", PASS),
                Map.entry("host.no-extra-uid-zero-accounts", PASS),
                Map.entry("host.no-world-writable-system-files", PASS),
                Map.entry("host.password-hash-files-protected", PASS),
                Map.entry("host.password-hashing-strong", PASS),
                Map.entry("host.password-maximum-age-set", FAIL),
                Map.entry("host.ssh-empty-passwords-disabled", PASS),
                Map.entry("host.ssh-login-grace-time-limited", FAIL),
                Map.entry("host.ssh-max-auth-tries-limited", FAIL),
                Map.entry("host.ssh-password-authentication-disabled", FAIL),
                Map.entry("host.ssh-root-login-disabled", FAIL),
                Map.entry("host.ssh-unresponsive-sessions-closed", FAIL),
                Map.entry("host.ssh-weak-ciphers-disabled", PASS),
                Map.entry("host.ssh-weak-key-exchange-disabled", PASS),
                Map.entry("host.ssh-weak-macs-disabled", FAIL),
                Map.entry("host.ssh-x11-forwarding-disabled", FAIL),
                Map.entry("host.suid-core-dumps-restricted", PASS),
                Map.entry("host.system-logs-persisted", PASS),
                Map.entry("host.tcp-syn-cookies-enabled", PASS),
                Map.entry("host.time-synchronisation-active", PASS)));
        assertThat(statuses(outcomes)).isEqualTo(expected);
        assertThat(outcomes.get("host.ssh-root-login-disabled").reason())
                .startsWith("PermitRootLogin is prohibit-password;");
        assertThat(outcomes.get("host.ssh-max-auth-tries-limited").reason()).startsWith("MaxAuthTries is 6 (limit 4)");
        assertThat(outcomes.get("host.data-volumes-encrypted").reason())
                .isEqualTo("Not encrypted at rest: / (/dev/vda1).");
    }

    @Test
    void hardenedDebian12PassesEveryCheck() throws Exception {
        Map<String, CheckOutcome> outcomes = evaluate(installed("debian12-hardened", "rw-r-----"));

        assertThat(outcomes)
                .allSatisfy((id, outcome) -> assertThat(outcome.status())
                        .as("%s: %s", id, outcome.reason())
                        .isEqualTo(PASS));
        assertThat(outcomes).hasSize(CATALOG.checksFor("host.linux").size());
        assertThat(outcomes.get("host.ssh-password-authentication-disabled").reason())
                .as("the Match block for one group does not leak into the global setting")
                .isEqualTo("PasswordAuthentication is no.");
    }

    @Test
    void brokenHostFailsWhatItCanReadAndErrsOnWhatItCannot() throws Exception {
        Map<String, CheckOutcome> outcomes = evaluate(installed("broken", "rw-r--r--"));

        assertThat(outcomes.get("host.no-extra-uid-zero-accounts").reason()).contains("toor");
        assertThat(outcomes.get("host.no-empty-password-accounts").status()).isEqualTo(FAIL);
        assertThat(outcomes.get("host.password-hashing-strong").reason()).contains("md5");
        assertThat(outcomes.get("host.password-hash-files-protected").status()).isEqualTo(FAIL);
        assertThat(outcomes.get("host.ssh-root-login-disabled").reason()).startsWith("PermitRootLogin is yes;");
        assertThat(outcomes.get("host.ssh-weak-ciphers-disabled").reason()).contains("aes128-cbc");
        for (String undeterminable : List.of(
                "host.aslr-enabled",
                "host.icmp-redirects-disabled",
                "host.ip-forwarding-disabled",
                "host.kernel-log-restricted",
                "host.suid-core-dumps-restricted",
                "host.tcp-syn-cookies-enabled")) {
            assertThat(outcomes.get(undeterminable).status()).as(undeterminable).isEqualTo(ERROR);
            assertThat(outcomes.get(undeterminable).reason()).contains("/proc/sys does not exist");
        }
        assertThat(outcomes.get("host.data-volumes-encrypted").status()).isEqualTo(ERROR);
        assertThat(outcomes.get("host.data-volumes-encrypted").reason()).contains("/proc/mounts does not exist");
        assertThat(outcomes.values()).noneSatisfy(o -> assertThat(o.reason()).isBlank());
    }
}
