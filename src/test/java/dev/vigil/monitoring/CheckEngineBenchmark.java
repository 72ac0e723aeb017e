package dev.vigil.monitoring;

import dev.vigil.catalog.CheckDefinition;
import dev.vigil.catalog.FrameworkCatalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of check evaluation over in-memory resources, one thread. Run with {@code bench/check-engine.sh};
 * results and method in BENCHMARKS.md. Not a unit test (Surefire does not pick it up).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class CheckEngineBenchmark {

    private CheckEngine engine;
    private CheckDefinition simpleCheck;
    private List<CheckDefinition> hostChecks;
    private CheckEngine.PreparedResource resource;

    @Setup
    public void setUp() {
        FrameworkCatalog catalog = FrameworkCatalog.load("content");
        engine = new CheckEngine(catalog, List.of(new DataVolumesEncryptedCheck()));
        simpleCheck = catalog.check("host.ssh-root-login-disabled").orElseThrow();
        hostChecks = catalog.checksFor("host.linux");
        resource = CheckEngine.prepare(host(), Map.of());
    }

    /** One simple CEL check (a map lookup and a comparison) on one resource: ops/s = evaluations/s. */
    @Benchmark
    public CheckOutcome simpleCelCheck() {
        return engine.evaluate(simpleCheck, resource);
    }

    /** Every host.linux check of the catalog on one resource: evaluations/s = ops/s × number of checks. */
    @Benchmark
    public int allHostChecks() {
        int passed = 0;
        for (CheckDefinition check : hostChecks) {
            if (engine.evaluate(check, resource).status() == CheckStatus.PASS) {
                passed++;
            }
        }
        return passed;
    }

    static Map<String, Object> host() {
        Map<String, Object> host = new LinkedHashMap<>();
        host.put("hostname", "bench");
        host.put("os", Map.of("id", "debian", "versionId", "12", "prettyName", "Debian GNU/Linux 12 (bookworm)"));
        host.put("kernel", Map.of("release", "6.1.0-28-amd64"));
        Map<String, Object> sshd = new LinkedHashMap<>();
        sshd.put("installed", true);
        sshd.put("source", "sshd_config");
        sshd.put("permitRootLogin", "no");
        sshd.put("passwordAuthentication", false);
        sshd.put("permitEmptyPasswords", false);
        sshd.put("maxAuthTries", 3L);
        sshd.put("x11Forwarding", false);
        sshd.put("clientAliveInterval", 300L);
        sshd.put("clientAliveCountMax", 2L);
        sshd.put("loginGraceTime", 30L);
        sshd.put("ciphers", List.of("chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com"));
        sshd.put("macs", List.of("hmac-sha2-512-etm@openssh.com", "hmac-sha2-256-etm@openssh.com"));
        sshd.put("kexAlgorithms", List.of("sntrup761x25519-sha512@openssh.com", "curve25519-sha256"));
        host.put("sshd", sshd);
        host.put("firewall", Map.of("active", true, "tool", "nftables", "detail", "input chain with policy drop"));
        host.put("automaticUpdates", Map.of("configured", true, "mechanism", "unattended-upgrades", "detail", "on"));
        host.put(
                "logging",
                Map.of(
                        "auditd",
                        Map.of("installed", true, "running", true, "rulesConfigured", true),
                        "syslogDaemon",
                        "rsyslog",
                        "journaldPersistent",
                        true));
        host.put(
                "intrusionDetection",
                Map.of(
                        "tools",
                        List.of(Map.of("name", "aide", "installed", true, "configured", true, "running", true))));
        host.put("timeSync", Map.of("active", true, "service", "chronyd", "servers", List.of("pool.ntp.org")));
        host.put(
                "accounts",
                List.of(account("root", 0L), account("daemon", 1L), account("www-data", 33L), account("admin", 1000L)));
        host.put(
                "passwordPolicy",
                Map.of(
                        "hashingAlgorithm",
                        "yescrypt",
                        "source",
                        "/etc/pam.d/common-password",
                        "maxDays",
                        365L,
                        "minLength",
                        14L));
        host.put(
                "worldWritable",
                Map.of(
                        "scannedPaths",
                        List.of("/etc", "/usr/bin"),
                        "count",
                        0L,
                        "files",
                        List.of(),
                        "truncated",
                        false));
        host.put(
                "filePermissions",
                Map.of(
                        "/etc/shadow", Map.of("mode", "0640", "owner", "root", "group", "shadow"),
                        "/etc/gshadow", Map.of("mode", "0640", "owner", "root", "group", "shadow"),
                        "/etc/passwd", Map.of("mode", "0644", "owner", "root", "group", "root")));
        host.put(
                "kernelParameters",
                Map.of(
                        "kernel.randomize_va_space", "2",
                        "net.ipv4.ip_forward", "0",
                        "fs.suid_dumpable", "0",
                        "net.ipv4.conf.all.accept_redirects", "0",
                        "net.ipv4.conf.all.send_redirects", "0",
                        "net.ipv4.tcp_syncookies", "1",
                        "kernel.dmesg_restrict", "1"));
        host.put(
                "volumes",
                List.of(Map.of(
                        "mountPoint",
                        "/",
                        "device",
                        "/dev/mapper/root",
                        "fsType",
                        "ext4",
                        "encrypted",
                        true,
                        "reason",
                        "dm-crypt")));
        return host;
    }

    private static Map<String, Object> account(String name, long uid) {
        return Map.of(
                "name",
                name,
                "uid",
                uid,
                "gid",
                uid,
                "shell",
                uid == 0 || uid >= 1000 ? "/bin/bash" : "/usr/sbin/nologin",
                "interactive",
                uid == 0 || uid >= 1000,
                "emptyPassword",
                false,
                "locked",
                false);
    }
}
