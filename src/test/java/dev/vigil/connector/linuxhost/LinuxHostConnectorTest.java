package dev.vigil.connector.linuxhost;

import static dev.vigil.connector.linuxhost.Fixtures.collect;
import static dev.vigil.connector.linuxhost.Fixtures.copy;
import static dev.vigil.connector.linuxhost.Fixtures.fixture;
import static dev.vigil.connector.linuxhost.Fixtures.list;
import static dev.vigil.connector.linuxhost.Fixtures.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.vigil.connector.ObservedResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxHostConnectorTest {

    /** The attribute keys of the host.linux contract that checks are written against. */
    static final Set<String> CONTRACT_KEYS = Set.of(
            "hostname",
            "os",
            "kernel",
            "sshd",
            "firewall",
            "automaticUpdates",
            "logging",
            "intrusionDetection",
            "timeSync",
            "accounts",
            "passwordPolicy",
            "worldWritable",
            "filePermissions",
            "kernelParameters",
            "volumes");

    @Test
    void stockDebianIsReportedWithOpenSshDefaultsAndNoProtection() throws Exception {
        ObservedResource host = collect(fixture("debian12-stock"));

        assertThat(host.type()).isEqualTo("host.linux");
        assertThat(host.externalId()).isEqualTo("debian-stock");
        assertThat(host.name()).isEqualTo("debian-stock");
        assertThat(host.unknown()).isEmpty();
        assertThat(host.attributes()).containsOnlyKeys(CONTRACT_KEYS).containsEntry("hostname", "debian-stock");
        assertThat(section(host, "os"))
                .containsExactly(
                        entry("id", "debian"),
                        entry("versionId", "12"),
                        entry("prettyName", "Debian GNU/Linux 12 (bookworm)"));
        assertThat(section(host, "kernel")).containsExactly(entry("release", "6.1.0-18-amd64"));

        assertThat(section(host, "sshd"))
                .containsEntry("installed", true)
                .containsEntry("source", "sshd_config")
                .containsEntry("permitRootLogin", "prohibit-password")
                .containsEntry("passwordAuthentication", true)
                .containsEntry("permitEmptyPasswords", false)
                .containsEntry("maxAuthTries", 6L)
                .containsEntry("x11Forwarding", true)
                .containsEntry("clientAliveInterval", 0L)
                .containsEntry("clientAliveCountMax", 3L)
                .containsEntry("loginGraceTime", 120L)
                .containsEntry("ciphers", SshdSettings.DEFAULT_CIPHERS)
                .containsEntry("macs", SshdSettings.DEFAULT_MACS)
                .containsEntry("kexAlgorithms", SshdSettings.DEFAULT_KEX_ALGORITHMS);

        Map<String, Object> firewall = section(host, "firewall");
        assertThat(firewall).containsEntry("active", false).containsEntry("tool", null);
        assertThat((String) firewall.get("detail"))
                .contains("no /etc/ufw/ufw.conf", "no firewalld process", "no /etc/nftables.conf");
        assertThat(section(host, "automaticUpdates"))
                .containsEntry("configured", false)
                .containsEntry("mechanism", null);
        assertThat(section(host, "logging"))
                .containsEntry("auditd", Map.of("installed", false, "running", false, "rulesConfigured", false))
                .containsEntry("syslogDaemon", null)
                .containsEntry("journaldPersistent", true); // Debian 12 ships /var/log/journal
        assertThat(section(host, "intrusionDetection")).containsEntry("tools", List.of());
        assertThat(section(host, "timeSync"))
                .containsEntry("active", true)
                .containsEntry("service", "systemd-timesyncd")
                .containsEntry("servers", List.of());

        List<Map<String, Object>> accounts = list(host, "accounts");
        assertThat(accounts).hasSize(23);
        assertThat(accounts.get(0))
                .containsExactly(
                        entry("name", "root"),
                        entry("uid", 0L),
                        entry("gid", 0L),
                        entry("shell", "/bin/bash"),
                        entry("interactive", true),
                        entry("emptyPassword", false),
                        entry("locked", false));
        assertThat(account(accounts, "daemon"))
                .containsEntry("interactive", false)
                .containsEntry("locked", true);
        assertThat(accounts)
                .filteredOn(account -> account.get("uid").equals(0L))
                .hasSize(1);
        assertThat(section(host, "passwordPolicy"))
                .containsEntry("hashingAlgorithm", "yescrypt")
                .containsEntry("source", "/etc/pam.d/common-password")
                .containsEntry("maxDays", null)
                .containsEntry("minLength", null);

        assertThat(section(host, "worldWritable"))
                .containsEntry("scannedPaths", List.of("/etc", "/usr/sbin"))
                .containsEntry("count", 0L)
                .containsEntry("files", List.of())
                .containsEntry("truncated", false);
        assertThat(section(host, "filePermissions"))
                .containsOnlyKeys("/etc/passwd", "/etc/shadow", "/etc/gshadow", "/etc/group", "/etc/ssh/sshd_config");
        assertThat(section(host, "kernelParameters"))
                .containsExactly(
                        entry("kernel.randomize_va_space", "2"),
                        entry("net.ipv4.ip_forward", "0"),
                        entry("fs.suid_dumpable", "0"),
                        entry("net.ipv4.conf.all.accept_redirects", "1"),
                        entry("net.ipv4.conf.all.send_redirects", "1"),
                        entry("net.ipv4.tcp_syncookies", "1"),
                        entry("kernel.dmesg_restrict", "1"));
        assertThat(list(host, "volumes"))
                .containsExactly(Map.of(
                        "mountPoint", "/",
                        "device", "/dev/vda1",
                        "fsType", "ext4",
                        "encrypted", false,
                        "reason", "/dev/vda1 is a plain block device, not device-mapper (no dm-crypt)"));
    }

    @Test
    void hardenedDebianIsReportedWithEveryProtectionInPlace() throws Exception {
        ObservedResource host = collect(fixture("debian12-hardened"));

        assertThat(host.unknown()).isEmpty();
        assertThat(section(host, "sshd"))
                .containsEntry("permitRootLogin", "no") // 99-local.conf's "yes" comes later and loses
                .containsEntry(
                        "passwordAuthentication", false) // the Match Group block of 10-sftp-legacy.conf must not leak
                .containsEntry("maxAuthTries", 3L)
                .containsEntry("x11Forwarding", false) // wins over "X11Forwarding yes" after the Include
                .containsEntry("clientAliveInterval", 300L)
                .containsEntry("clientAliveCountMax", 2L) // 99-local.conf fills what earlier files left unset
                .containsEntry("loginGraceTime", 30L)
                .containsEntry("ciphers", List.of("chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com"))
                .containsEntry("macs", List.of("hmac-sha2-512-etm@openssh.com", "hmac-sha2-256-etm@openssh.com"))
                .containsEntry(
                        "kexAlgorithms",
                        List.of(
                                "sntrup761x25519-sha512@openssh.com",
                                "curve25519-sha256",
                                "curve25519-sha256@libssh.org",
                                "diffie-hellman-group-exchange-sha256",
                                "diffie-hellman-group16-sha512",
                                "diffie-hellman-group18-sha512"));
        assertThat(section(host, "firewall"))
                .containsEntry("active", true)
                .containsEntry("tool", "nftables")
                .containsEntry(
                        "detail", "/etc/nftables.conf has chains attached to hooks and nftables.service is enabled");
        assertThat(section(host, "automaticUpdates"))
                .containsEntry("configured", true)
                .containsEntry("mechanism", "unattended-upgrades");
        assertThat(section(host, "logging"))
                .containsEntry("auditd", Map.of("installed", true, "running", true, "rulesConfigured", true))
                .containsEntry("syslogDaemon", "rsyslog")
                .containsEntry("journaldPersistent", true);
        assertThat(section(host, "intrusionDetection"))
                .containsEntry(
                        "tools",
                        List.of(Map.of("name", "aide", "installed", true, "configured", true, "running", true)));
        assertThat(section(host, "timeSync"))
                .containsEntry("active", true)
                .containsEntry("service", "chronyd")
                .containsEntry("servers", List.of("2.debian.pool.ntp.org", "time.internal.example"));
        assertThat(section(host, "passwordPolicy"))
                .containsEntry("hashingAlgorithm", "yescrypt")
                .containsEntry("maxDays", 365L)
                .containsEntry("minLength", 14L);
        assertThat(section(host, "kernelParameters")).containsEntry("net.ipv4.conf.all.accept_redirects", "0");

        List<Map<String, Object>> volumes = list(host, "volumes");
        assertThat(volumes).extracting(volume -> volume.get("mountPoint")).containsExactly("/", "/boot", "/srv data");
        assertThat(volumes.get(0))
                .containsEntry("device", "/dev/mapper/vda3_crypt")
                .containsEntry("encrypted", true)
                .containsEntry("reason", "mapper device vda3_crypt is listed in /etc/crypttab");
        assertThat(volumes.get(1)).containsEntry("encrypted", false);
        assertThat(volumes.get(2))
                .containsEntry("fsType", "xfs")
                .containsEntry("encrypted", true)
                .containsEntry(
                        "reason",
                        "dm-2 is built on dm-crypt device dm-1 (CRYPT-LUKS2-0a1b2c3d4e5f60718293a4b5c6d7e8f9-vdb_crypt)");
    }

    @Test
    void brokenHostReportsWhatItCanAndSaysWhyForTheRest() throws Exception {
        ObservedResource host = collect(fixture("broken"));

        assertThat(host.externalId()).isEqualTo("localhost");
        assertThat(host.unknown())
                .containsEntry("os", "neither /etc/os-release nor /usr/lib/os-release exists")
                .containsEntry("kernel", "/proc/sys/kernel/osrelease does not exist")
                .containsEntry("kernelParameters", "/proc/sys does not exist")
                .containsEntry("volumes", "/proc/mounts does not exist")
                .containsEntry(
                        "passwd",
                        "/etc/passwd line 3 is malformed (expected name:password:uid:gid:gecos:home:shell) and was skipped; "
                                + "/etc/passwd line 6 is malformed (expected name:password:uid:gid:gecos:home:shell) and was skipped");
        Set<String> everyKey = new HashSet<>(host.attributes().keySet());
        everyKey.addAll(host.unknown().keySet());
        assertThat(everyKey).containsAll(CONTRACT_KEYS);

        assertThat(section(host, "sshd"))
                .containsEntry("permitRootLogin", "yes") // the Match User block's "no" does not apply globally
                .containsEntry("passwordAuthentication", true)
                .containsEntry("permitEmptyPasswords", true)
                .containsEntry("maxAuthTries", 10L)
                .containsEntry("loginGraceTime", 5400L)
                .containsEntry("clientAliveInterval", 120L)
                .containsEntry(
                        "ciphers",
                        List.of(
                                "chacha20-poly1305@openssh.com",
                                "aes128-ctr",
                                "aes192-ctr",
                                "aes256-ctr",
                                "aes128-gcm@openssh.com",
                                "aes256-gcm@openssh.com",
                                "aes128-cbc"))
                .containsEntry(
                        "macs",
                        List.of(
                                "umac-64-etm@openssh.com",
                                "umac-128-etm@openssh.com",
                                "hmac-sha2-256-etm@openssh.com",
                                "hmac-sha2-512-etm@openssh.com",
                                "umac-64@openssh.com",
                                "umac-128@openssh.com",
                                "hmac-sha2-256",
                                "hmac-sha2-512"));

        List<Map<String, Object>> accounts = list(host, "accounts");
        assertThat(accounts)
                .extracting(account -> account.get("name"))
                .containsExactly("root", "daemon", "toor", "guest", "legacy");
        assertThat(accounts)
                .filteredOn(account -> account.get("uid").equals(0L))
                .extracting(account -> account.get("name"))
                .containsExactly("root", "toor");
        assertThat(account(accounts, "guest"))
                .containsEntry("emptyPassword", true)
                .containsEntry("locked", false);
        assertThat(account(accounts, "legacy")).containsEntry("emptyPassword", true);
        assertThat(section(host, "passwordPolicy"))
                .containsEntry("hashingAlgorithm", "md5")
                .containsEntry("source", "/etc/login.defs");
        assertThat(section(host, "firewall")).containsEntry("active", false);
        assertThat((String) section(host, "firewall").get("detail"))
                .contains("/etc/ufw/ufw.conf does not set ENABLED=yes", "no process information under /proc");
        assertThat(section(host, "timeSync")).containsEntry("active", false).containsEntry("service", null);
    }

    @Test
    void shadowHashesNeverReachTheEvidence() throws Exception {
        for (String name : List.of("debian12-stock", "debian12-hardened", "broken")) {
            ObservedResource host = collect(fixture(name));

            assertThat(host.raw())
                    .doesNotContainKey("/etc/shadow")
                    .containsKey("/etc/shadow (derived facts, no hashes)");
            assertThat(host.raw().values()).noneMatch(content -> content.contains("$fixture$"));
            assertThat(host.raw()).containsKey("/etc/ssh/sshd_config");
        }
    }

    @Test
    void worldWritableFilesAndDirectoriesAreFoundButStickyDirectoriesAndLinksAreNot(@TempDir Path temporary)
            throws Exception {
        Path root = copy("broken", temporary);
        chmod(root.resolve("etc/motd"), "0666");
        Files.createDirectories(root.resolve("etc/shared"));
        chmod(root.resolve("etc/shared"), "0777");
        Files.createDirectories(root.resolve("etc/scratch"));
        chmod(root.resolve("etc/scratch"), "1777");
        Files.createSymbolicLink(root.resolve("etc/motd.link"), Path.of("motd"));

        ObservedResource host = collect(root);

        assertThat(section(host, "worldWritable"))
                .containsEntry("scannedPaths", List.of("/etc", "/usr/sbin"))
                .containsEntry("count", 2L)
                .containsEntry("files", List.of("/etc/motd", "/etc/shared"))
                .containsEntry("truncated", false);
    }

    @Test
    void theScanStopsAtItsEntryLimitAndSaysSo() throws Exception {
        HostFiles files = new HostFiles(fixture("debian12-stock"));

        Map<String, Object> worldWritable = new WorldWritableScanner(files, 5).scan(List.of("/etc"));

        assertThat(worldWritable).containsEntry("truncated", true);
    }

    @Test
    void unreadableShadowKeepsAccountsButLeavesPasswordStateOpen(@TempDir Path temporary) throws Exception {
        Path root = copy("debian12-stock", temporary);
        replaceWithDirectory(root.resolve("etc/shadow"));

        ObservedResource host = collect(root);

        assertThat(host.unknown()).containsExactly(entry("shadow", "cannot read /etc/shadow: is a directory"));
        assertThat(list(host, "accounts"))
                .hasSize(23)
                .allSatisfy(account ->
                        assertThat(account).containsEntry("emptyPassword", null).containsEntry("locked", null));
        assertThat(section(host, "passwordPolicy")).containsEntry("hashingAlgorithm", "yescrypt");
    }

    @Test
    void unreadablePasswdMakesAccountsUnknown(@TempDir Path temporary) throws Exception {
        Path root = copy("debian12-stock", temporary);
        replaceWithDirectory(root.resolve("etc/passwd"));

        ObservedResource host = collect(root);

        assertThat(host.unknown()).containsEntry("accounts", "cannot read /etc/passwd: is a directory");
        assertThat(host.attributes()).doesNotContainKey("accounts").containsKey("filePermissions");
    }

    @Test
    void danglingSshdConfigMakesSshdUnknown(@TempDir Path temporary) throws Exception {
        Path root = copy("debian12-stock", temporary);
        Files.delete(root.resolve("etc/ssh/sshd_config"));
        Files.createSymbolicLink(root.resolve("etc/ssh/sshd_config"), Path.of("/etc/ssh/sshd_config.moved"));

        ObservedResource host = collect(root);

        assertThat(host.unknown())
                .containsExactly(entry("sshd", "cannot read /etc/ssh/sshd_config: dangling symbolic link"));
    }

    @Test
    void unreadableIncludedFileMakesSshdUnknownBecauseItCouldChangeAnySetting(@TempDir Path temporary)
            throws Exception {
        Path root = copy("debian12-hardened", temporary);
        Files.createDirectories(root.resolve("etc/ssh/sshd_config.d/60-broken.conf"));

        ObservedResource host = collect(root);

        assertThat(host.unknown())
                .containsExactly(entry("sshd", "cannot read /etc/ssh/sshd_config.d/60-broken.conf: is a directory"));
    }

    @Test
    void hostWithoutSshdSaysSoInsteadOfGuessing(@TempDir Path temporary) throws Exception {
        Path root = copy("debian12-stock", temporary);
        Files.delete(root.resolve("etc/ssh/sshd_config"));
        Files.delete(root.resolve("usr/sbin/sshd"));

        assertThat(section(collect(root), "sshd")).containsExactly(entry("installed", false));
    }

    @Test
    void firewallIsUnknownWhenAPlaceThatCouldEnableItCannotBeRead(@TempDir Path temporary) throws Exception {
        Path root = copy("debian12-stock", temporary);
        Files.createDirectories(root.resolve("etc/ufw/ufw.conf"));

        ObservedResource host = collect(root);

        assertThat(host.unknown().get("firewall")).startsWith("cannot read /etc/ufw/ufw.conf: is a directory;");
    }

    @Test
    void runningFirewalldOrEnabledUfwCountsAsActive(@TempDir Path temporary) throws Exception {
        Path root = copy("debian12-stock", temporary);
        Files.createDirectories(root.resolve("proc/901"));
        Files.writeString(root.resolve("proc/901/comm"), "firewalld\n");

        assertThat(section(collect(root), "firewall"))
                .containsEntry("active", true)
                .containsEntry("tool", "firewalld");

        Files.createDirectories(root.resolve("etc/ufw"));
        Files.writeString(root.resolve("etc/ufw/ufw.conf"), "ENABLED=yes\nLOGLEVEL=low\n");

        assertThat(section(collect(root), "firewall"))
                .containsEntry("active", true)
                .containsEntry("tool", "ufw");
    }

    @Test
    void hostnameFallsBackToTheKernelsName(@TempDir Path temporary) throws Exception {
        Path root = copy("debian12-stock", temporary);
        Files.delete(root.resolve("etc/hostname"));
        Files.writeString(root.resolve("proc/sys/kernel/hostname"), "from-kernel\n");

        assertThat(collect(root).externalId()).isEqualTo("from-kernel");
    }

    @Test
    void absoluteSymbolicLinksResolveInsideTheRoot(@TempDir Path temporary) throws Exception {
        Path root = copy("debian12-stock", temporary);
        Files.delete(root.resolve("etc/os-release"));
        Files.createSymbolicLink(root.resolve("etc/os-release"), Path.of("/usr/lib/os-release"));
        Files.writeString(root.resolve("usr/lib/os-release"), "ID=fixture\nPRETTY_NAME=\"Fixture Linux\"\n");

        assertThat(section(collect(root), "os"))
                .containsExactly(entry("id", "fixture"), entry("versionId", ""), entry("prettyName", "Fixture Linux"));
    }

    @Test
    void filePermissionsShowModeAndOwnerByTheHostsNames(@TempDir Path temporary) throws Exception {
        Path root = copy("debian12-stock", temporary);
        chmod(root.resolve("etc/shadow"), "0640");
        int ownerUid = (Integer) Files.getAttribute(root.resolve("etc/shadow"), "unix:uid");

        Map<String, Object> shadow = nested(section(collect(root), "filePermissions"), "/etc/shadow");

        assertThat(shadow).containsEntry("mode", "0640");
        if (ownerUid == 0) {
            assertThat(shadow).containsEntry("owner", "root").containsEntry("group", "root");
        }
    }

    @Test
    void theRealMachineCanBeObserved() throws Exception {
        ObservedResource host = collect(Map.of("rootPath", "/", "runCommands", true));

        assertThat(host.type()).isEqualTo("host.linux");
        assertThat(host.externalId()).isNotBlank().isEqualTo(host.attributes().get("hostname"));
        Set<String> everyKey = new HashSet<>(host.attributes().keySet());
        everyKey.addAll(host.unknown().keySet());
        assertThat(everyKey).containsAll(CONTRACT_KEYS);
    }

    @Test
    void everyValueIsOfATypeCelUnderstands() throws Exception {
        for (String name : List.of("debian12-stock", "debian12-hardened", "broken")) {
            assertCelTypes(name, collect(fixture(name)).attributes());
        }
    }

    @Test
    void filesBindMountedIntoAContainerAreNotVolumes(@TempDir Path temporary) throws Exception {
        Path root = copy("debian12-stock", temporary);
        Files.writeString(root.resolve("proc/mounts"), """
                overlay / overlay rw,relatime,lowerdir=/var/lib/docker/overlay2/l/ABC,upperdir=/u,workdir=/w 0 0
                /dev/vda1 /etc/hostname ext4 rw,relatime 0 0
                """);

        List<Map<String, Object>> volumes = list(collect(root), "volumes");

        assertThat(volumes).hasSize(1);
        assertThat(volumes.get(0))
                .containsEntry("mountPoint", "/")
                .containsEntry("fsType", "overlay")
                .containsEntry("encrypted", null)
                .containsEntry(
                        "reason", "root filesystem is an overlay (container); encryption is decided by the host");
    }

    private static void assertCelTypes(String path, Object value) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, nested) -> assertCelTypes(path + "." + key, nested));
        } else if (value instanceof List<?> values) {
            values.forEach(nested -> assertCelTypes(path + "[]", nested));
        } else if (value != null) {
            assertThat(value).as(path).isInstanceOfAny(String.class, Long.class, Boolean.class);
        }
    }

    private static Map<String, Object> account(List<Map<String, Object>> accounts, String name) {
        return accounts.stream()
                .filter(account -> account.get("name").equals(name))
                .findFirst()
                .orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> nested(Map<String, Object> map, String key) {
        return (Map<String, Object>) map.get(key);
    }

    private static void chmod(Path path, String octalMode) throws Exception {
        Files.setAttribute(path, "unix:mode", Integer.parseInt(octalMode, 8));
    }

    private static void replaceWithDirectory(Path file) throws Exception {
        Files.delete(file);
        Files.createDirectories(file);
    }
}
