package dev.vigil.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Compiles and runs the CEL of {@code content/checks/host-linux.yaml} against two hand-written
 * hosts: a stock Debian 12 server and a hardened one. It stands in for the check engine until
 * that exists, so it also shows what the engine has to do with the YAML: turn integers into
 * {@code Long} and {@code null} into CEL's {@link NullValue} (cel-java 0.14 treats a Java
 * {@code null} as an unknown value, so {@code x != null} would never be true or false).
 */
class HostLinuxCheckContentTest {

    enum Status {
        PASS,
        FAIL,
        ERROR,
        NOT_APPLICABLE
    }

    record Outcome(Status status, String reason) {}

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("resource", SimpleType.DYN)
            .addVar("params", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .build();
    private static final CelRuntime RUNTIME =
            CelRuntimeFactory.standardCelRuntimeBuilder().build();

    private static List<Map<String, Object>> checks;

    /** A Debian 12 server as installed, with openssh-server and nothing else added. */
    private static final String STOCK_DEBIAN_12 = """
            hostname: web-1
            os: {id: debian, versionId: "12", prettyName: "Debian GNU/Linux 12 (bookworm)"}
            kernel: {release: 6.1.0-27-amd64}
            sshd:
              installed: true
              source: sshd -T
              permitRootLogin: prohibit-password
              passwordAuthentication: true
              permitEmptyPasswords: false
              maxAuthTries: 6
              x11Forwarding: true
              clientAliveInterval: 0
              clientAliveCountMax: 3
              loginGraceTime: 120
              ciphers: [chacha20-poly1305@openssh.com, aes128-ctr, aes192-ctr, aes256-ctr,
                        aes128-gcm@openssh.com, aes256-gcm@openssh.com]
              macs: [umac-64-etm@openssh.com, umac-128-etm@openssh.com, hmac-sha2-256-etm@openssh.com,
                     hmac-sha2-512-etm@openssh.com, hmac-sha1-etm@openssh.com, umac-64@openssh.com,
                     umac-128@openssh.com, hmac-sha2-256, hmac-sha2-512, hmac-sha1]
              kexAlgorithms: [sntrup761x25519-sha512@openssh.com, curve25519-sha256,
                              curve25519-sha256@libssh.org, ecdh-sha2-nistp256, ecdh-sha2-nistp384,
                              ecdh-sha2-nistp521, diffie-hellman-group-exchange-sha256,
                              diffie-hellman-group16-sha512, diffie-hellman-group18-sha512,
                              diffie-hellman-group14-sha256]
            firewall: {active: false, tool: null, detail: "no nftables, iptables or ufw rules loaded"}
            automaticUpdates: {configured: false, mechanism: null, detail: unattended-upgrades is not installed}
            logging:
              auditd: {installed: false, running: false, rulesConfigured: false}
              syslogDaemon: null
              journaldPersistent: true
            intrusionDetection: {tools: []}
            timeSync: {active: true, service: systemd-timesyncd, servers: []}
            accounts:
              - {name: root, uid: 0, gid: 0, shell: /bin/bash, interactive: true, emptyPassword: false, locked: false}
              - {name: daemon, uid: 1, gid: 1, shell: /usr/sbin/nologin, interactive: false, emptyPassword: false, locked: true}
              - {name: debian, uid: 1000, gid: 1000, shell: /bin/bash, interactive: true, emptyPassword: false, locked: false}
            passwordPolicy: {hashingAlgorithm: yescrypt, source: /etc/pam.d/common-password, maxDays: null, minLength: null}
            worldWritable: {scannedPaths: [/etc, /usr, /boot, /var/lib], count: 0, files: [], truncated: false}
            filePermissions:
              /etc/passwd: {mode: "0644", owner: root, group: root}
              /etc/shadow: {mode: "0640", owner: root, group: shadow}
              /etc/gshadow: {mode: "0640", owner: root, group: shadow}
              /etc/group: {mode: "0644", owner: root, group: root}
              /etc/ssh/sshd_config: {mode: "0644", owner: root, group: root}
            kernelParameters:
              kernel.randomize_va_space: "2"
              net.ipv4.ip_forward: "0"
              fs.suid_dumpable: "0"
              net.ipv4.conf.all.accept_redirects: "1"
              net.ipv4.conf.all.send_redirects: "1"
              net.ipv4.tcp_syncookies: "1"
              kernel.dmesg_restrict: "1"
            volumes:
              - {mountPoint: /, device: /dev/sda1, fsType: ext4, encrypted: false, reason: no dm-crypt mapping}
            """;

    /** A RHEL 9 server after applying every remediation in host-linux.yaml. */
    private static final String HARDENED_RHEL_9 = """
            hostname: db-1
            os: {id: rhel, versionId: "9.4", prettyName: "Red Hat Enterprise Linux 9.4 (Plow)"}
            kernel: {release: 5.14.0-427.el9.x86_64}
            sshd:
              installed: true
              source: sshd -T
              permitRootLogin: "no"
              passwordAuthentication: false
              permitEmptyPasswords: false
              maxAuthTries: 4
              x11Forwarding: false
              clientAliveInterval: 300
              clientAliveCountMax: 3
              loginGraceTime: 60
              ciphers: [aes256-gcm@openssh.com, chacha20-poly1305@openssh.com, aes256-ctr,
                        aes128-gcm@openssh.com, aes128-ctr]
              macs: [hmac-sha2-256-etm@openssh.com, hmac-sha2-512-etm@openssh.com,
                     umac-128-etm@openssh.com, hmac-sha2-256, hmac-sha2-512, umac-128@openssh.com]
              kexAlgorithms: [curve25519-sha256, curve25519-sha256@libssh.org, ecdh-sha2-nistp256,
                              diffie-hellman-group-exchange-sha256, diffie-hellman-group16-sha512]
            firewall: {active: true, tool: firewalld, detail: "zone public: ssh"}
            automaticUpdates: {configured: true, mechanism: dnf-automatic, detail: "upgrade_type=security, apply_updates=yes"}
            logging:
              auditd: {installed: true, running: true, rulesConfigured: true}
              syslogDaemon: rsyslog
              journaldPersistent: false
            intrusionDetection:
              tools: [{name: aide, installed: true, configured: true, running: false}]
            timeSync: {active: true, service: chronyd, servers: [time.example.com]}
            accounts:
              - {name: root, uid: 0, gid: 0, shell: /bin/bash, interactive: true, emptyPassword: false, locked: true}
              - {name: alice, uid: 1000, gid: 1000, shell: /bin/bash, interactive: true, emptyPassword: false, locked: false}
            passwordPolicy: {hashingAlgorithm: sha512, source: /etc/login.defs, maxDays: 365, minLength: 14}
            worldWritable: {scannedPaths: [/etc, /usr, /boot, /var/lib], count: 0, files: [], truncated: false}
            filePermissions:
              /etc/passwd: {mode: "0644", owner: root, group: root}
              /etc/shadow: {mode: "0000", owner: root, group: root}
              /etc/gshadow: {mode: "0000", owner: root, group: root}
            kernelParameters:
              kernel.randomize_va_space: "2"
              net.ipv4.ip_forward: "0"
              fs.suid_dumpable: "0"
              net.ipv4.conf.all.accept_redirects: "0"
              net.ipv4.conf.all.send_redirects: "0"
              net.ipv4.tcp_syncookies: "1"
              kernel.dmesg_restrict: "1"
            volumes:
              - {mountPoint: /, device: /dev/mapper/luks-root, fsType: xfs, encrypted: true, reason: dm-crypt LUKS2}
            """;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void loadChecks() throws Exception {
        try (InputStream in = HostLinuxCheckContentTest.class.getResourceAsStream("/content/checks/host-linux.yaml")) {
            Map<String, Object> document = new Yaml().load(in);
            checks = (List<Map<String, Object>>) document.get("checks");
        }
    }

    @Test
    void everyCheckIsCompleteAndItsCelCompiles() throws Exception {
        assertThat(checks).hasSizeGreaterThanOrEqualTo(23);
        assertThat(checks.stream().map(check -> check.get("id"))).doesNotHaveDuplicates();
        for (Map<String, Object> check : checks) {
            assertThat((String) check.get("id")).as("id").matches("host\\.[a-z0-9]+(-[a-z0-9]+)*");
            assertThat(check).as("%s", check.get("id")).containsEntry("resourceType", "host.linux");
            assertThat(check.get("severity")).isIn("critical", "high", "medium", "low");
            assertThat(check).containsKeys("title", "requires", "rationale", "remediation");
            if ("java".equals(check.get("implementation"))) {
                assertThat(check).doesNotContainKeys("expression", "observed");
                continue;
            }
            assertThat(check).containsKeys("expression", "observed", "passReason", "failReason");
            if (check.containsKey("applicableWhen")) {
                assertThat(check).containsKey("notApplicableReason");
            }
            for (String key : List.of("expression", "observed", "applicableWhen")) {
                if (check.containsKey(key)) {
                    compile((String) check.get(key)); // throws with the CEL error and position
                }
            }
        }
    }

    @Test
    void stockDebianFailsWhatAnAuditorWouldFlag() throws Exception {
        Map<String, Status> expected = new TreeMap<>();
        for (String id : List.of(
                "host.ssh-empty-passwords-disabled",
                "host.ssh-weak-ciphers-disabled",
                "host.ssh-weak-key-exchange-disabled",
                "host.ip-forwarding-disabled",
                "host.tcp-syn-cookies-enabled",
                "host.system-logs-persisted",
                "host.time-synchronisation-active",
                "host.no-extra-uid-zero-accounts",
                "host.no-empty-password-accounts",
                "host.password-hashing-strong",
                "host.no-world-writable-system-files",
                "host.password-hash-files-protected",
                "host.aslr-enabled",
                "host.suid-core-dumps-restricted",
                "host.kernel-log-restricted")) {
            expected.put(id, Status.PASS);
        }
        for (String id : List.of(
                "host.ssh-root-login-disabled",
                "host.ssh-password-authentication-disabled",
                "host.ssh-max-auth-tries-limited",
                "host.ssh-login-grace-time-limited",
                "host.ssh-x11-forwarding-disabled",
                "host.ssh-unresponsive-sessions-closed",
                "host.ssh-weak-macs-disabled",
                "host.firewall-active",
                "host.icmp-redirects-disabled",
                "host.automatic-security-updates-enabled",
                "host.audit-daemon-running",
                "host.file-integrity-monitoring-configured",
                "host.password-maximum-age-set")) {
            expected.put(id, Status.FAIL);
        }

        assertThat(statuses(parse(STOCK_DEBIAN_12))).isEqualTo(expected);
    }

    @Test
    void hardenedHostPassesEveryCelCheck() throws Exception {
        Map<String, Object> hardened = parse(HARDENED_RHEL_9);
        for (Map<String, Object> check : celChecks()) {
            assertThat(evaluate(check, hardened))
                    .as("%s", check.get("id"))
                    .extracting(Outcome::status)
                    .isEqualTo(Status.PASS);
        }
    }

    @Test
    void reasonsQuoteTheObservedValue() throws Exception {
        Map<String, Object> stock = parse(STOCK_DEBIAN_12);

        assertThat(evaluate(check("host.ssh-root-login-disabled"), stock).reason())
                .isEqualTo("PermitRootLogin is prohibit-password; root must not sign in over SSH (expected no).");
        assertThat(evaluate(check("host.ssh-weak-macs-disabled"), stock).reason())
                .isEqualTo("Weak MACs offered: [umac-64-etm@openssh.com, hmac-sha1-etm@openssh.com,"
                        + " umac-64@openssh.com, hmac-sha1].");
        assertThat(evaluate(check("host.password-maximum-age-set"), stock).reason())
                .isEqualTo(
                        "Passwords never expire (limit 365 days); set a maximum age that matches the password policy.");
    }

    @Test
    void unknownInputIsNeverAPass() throws Exception {
        // The connector could not run sshd -T: the top-level attribute is absent.
        Map<String, Object> withoutSshd = parse(STOCK_DEBIAN_12);
        withoutSshd.remove("sshd");
        assertThat(evaluate(check("host.ssh-root-login-disabled"), withoutSshd).status())
                .isEqualTo(Status.ERROR);

        // /etc/shadow was unreadable, so emptyPassword is null for every account ...
        Map<String, Object> shadowUnreadable =
                parse(STOCK_DEBIAN_12.replace("emptyPassword: false", "emptyPassword: null"));
        assertThat(evaluate(check("host.no-empty-password-accounts"), shadowUnreadable)
                        .status())
                .isEqualTo(Status.ERROR);
        // ... but one account known to have an empty password is a certain failure.
        Map<String, Object> oneKnownEmpty = parse(
                STOCK_DEBIAN_12
                        .replace("emptyPassword: false", "emptyPassword: null")
                        .replace(
                                "name: debian, uid: 1000, gid: 1000, shell: /bin/bash, interactive: true, emptyPassword: null",
                                "name: debian, uid: 1000, gid: 1000, shell: /bin/bash, interactive: true, emptyPassword: true"));
        assertThat(evaluate(check("host.no-empty-password-accounts"), oneKnownEmpty))
                .isEqualTo(new Outcome(
                        Status.FAIL,
                        "Accounts with an empty password: [debian]; they can sign in without any secret."));
    }

    @Test
    void sshChecksDoNotApplyWithoutAnSshDaemon() throws Exception {
        Map<String, Object> noSsh =
                parse(STOCK_DEBIAN_12.replaceFirst("(?s)sshd:\\n.*?(?=firewall:)", "sshd: {installed: false}\n"));
        for (Map<String, Object> check : celChecks()) {
            if (((String) check.get("id")).startsWith("host.ssh-")) {
                assertThat(evaluate(check, noSsh))
                        .as("%s", check.get("id"))
                        .isEqualTo(new Outcome(Status.NOT_APPLICABLE, "No SSH daemon is installed on this host."));
            }
        }
    }

    @Test
    void aMisspelledAttributeFailsToEvaluateRatherThanPassing() {
        // Guards the assumption above: a missing key is an evaluation error, not false or true.
        assertThatThrownBy(() -> run(
                        "resource.sshd.permitRootLogn == 'no'",
                        Map.of("resource", parse(STOCK_DEBIAN_12), "params", Map.of())))
                .isInstanceOf(CelEvaluationException.class);
    }

    // --- a minimal stand-in for the check engine ------------------------------------------------

    private static Map<String, Status> statuses(Map<String, Object> resource) throws Exception {
        Map<String, Status> statuses = new TreeMap<>();
        for (Map<String, Object> check : celChecks()) {
            statuses.put((String) check.get("id"), evaluate(check, resource).status());
        }
        return statuses;
    }

    @SuppressWarnings("unchecked")
    private static Outcome evaluate(Map<String, Object> check, Map<String, Object> resource) throws Exception {
        for (String attribute : (List<String>) check.get("requires")) {
            if (!resource.containsKey(attribute)) {
                return new Outcome(Status.ERROR, "The connector did not report " + attribute + ".");
            }
        }
        Map<String, Object> variables =
                Map.of("resource", resource, "params", toCel(check.getOrDefault("parameters", Map.of())));
        try {
            if (check.containsKey("applicableWhen") && !isTrue(run((String) check.get("applicableWhen"), variables))) {
                return new Outcome(Status.NOT_APPLICABLE, (String) check.get("notApplicableReason"));
            }
            Object result = run((String) check.get("expression"), variables);
            if (!(result instanceof Boolean passed)) {
                return new Outcome(Status.ERROR, "The expression did not produce true or false: " + result);
            }
            String observed = String.valueOf(run((String) check.get("observed"), variables));
            String reason = (String) check.get(passed ? "passReason" : "failReason");
            return new Outcome(passed ? Status.PASS : Status.FAIL, reason.replace("{observed}", observed));
        } catch (CelEvaluationException e) {
            return new Outcome(Status.ERROR, e.getMessage());
        }
    }

    private static boolean isTrue(Object value) {
        return Boolean.TRUE.equals(value);
    }

    private static Object run(String expression, Map<String, Object> variables) throws Exception {
        return RUNTIME.createProgram(compile(expression)).eval(variables);
    }

    private static CelAbstractSyntaxTree compile(String expression) throws CelValidationException {
        return COMPILER.compile(expression).getAst();
    }

    private static List<Map<String, Object>> celChecks() {
        return checks.stream()
                .filter(check -> !"java".equals(check.get("implementation")))
                .toList();
    }

    private static Map<String, Object> check(String id) {
        return checks.stream()
                .filter(check -> id.equals(check.get("id")))
                .findFirst()
                .orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String yaml) {
        return (Map<String, Object>) toCel(new Yaml().load(yaml));
    }

    /** YAML gives Integer and Java null; CEL needs Long and its own null value. */
    private static Object toCel(Object value) {
        if (value == null) {
            return NullValue.NULL_VALUE;
        }
        if (value instanceof Integer number) {
            return number.longValue();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> converted = new LinkedHashMap<>();
            map.forEach((key, entry) -> converted.put(String.valueOf(key), toCel(entry)));
            return converted;
        }
        if (value instanceof List<?> list) {
            List<Object> converted = new ArrayList<>();
            list.forEach(entry -> converted.add(toCel(entry)));
            return converted;
        }
        return value;
    }
}
