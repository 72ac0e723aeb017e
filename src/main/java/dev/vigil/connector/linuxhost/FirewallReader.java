package dev.vigil.connector.linuxhost;

import dev.vigil.connector.linuxhost.HostFiles.HostReadException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides whether a packet filter protects the host. The live ruleset ({@code nft list ruleset}) is the best
 * evidence; without it, the configuration of ufw, firewalld, nftables and the kernel's iptables tables are
 * read. "Not active" is only reported when every place could be read; otherwise the answer is unknown.
 */
final class FirewallReader {

    /** A chain attached to a netfilter hook filters traffic; a table without one does nothing. */
    private static final Pattern HOOKED_CHAIN = Pattern.compile("\\btype\\s+\\w+\\s+hook\\s+\\w+");

    private final HostFiles files;
    private final HostState state;
    private final CommandRunner commands;
    private final List<String> looked = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    FirewallReader(HostFiles files, HostState state, CommandRunner commands) {
        this.files = files;
        this.state = state;
        this.commands = commands;
    }

    Map<String, Object> read() throws UndeterminedException {
        Optional<Map<String, Object>> active = liveRuleset()
                .or(this::ufw)
                .or(this::firewalld)
                .or(this::nftablesService)
                .or(this::iptablesTables);
        if (active.isPresent()) {
            return active.get();
        }
        if (!problems.isEmpty()) {
            throw new UndeterminedException(
                    String.join("; ", problems) + "; and no active firewall found in " + String.join(", ", looked));
        }
        return result(false, null, "no active firewall: " + String.join("; ", looked));
    }

    private Optional<Map<String, Object>> liveRuleset() {
        Optional<CommandRunner.Result> ruleset = commands.run("nft", "list", "ruleset");
        if (ruleset.isEmpty()) {
            if (commands.isEnabled()) {
                looked.add("nft is not installed");
            }
            return Optional.empty();
        }
        CommandRunner.Result result = ruleset.get();
        files.record(result.commandLine(), result.succeeded() ? result.output() : result.failure());
        if (!result.succeeded()) {
            problems.add(result.failure());
            return Optional.empty();
        }
        long hookedChains = HOOKED_CHAIN.matcher(result.output()).results().count();
        if (hookedChains > 0) {
            return Optional.of(result(
                    true,
                    "nftables",
                    "nft list ruleset shows " + hookedChains + " chain(s) attached to a netfilter hook"));
        }
        looked.add("nft list ruleset has no chain attached to a hook");
        return Optional.empty();
    }

    private Optional<Map<String, Object>> ufw() {
        Optional<String> configuration = readFile("/etc/ufw/ufw.conf");
        boolean enabled = configuration.stream()
                .flatMap(String::lines)
                .map(line -> line.replace("\"", "").replace("'", "").strip())
                .anyMatch(line -> line.equalsIgnoreCase("ENABLED=yes"));
        if (enabled) {
            return Optional.of(result(true, "ufw", "/etc/ufw/ufw.conf sets ENABLED=yes"));
        }
        configuration.ifPresent(content -> looked.add("/etc/ufw/ufw.conf does not set ENABLED=yes"));
        return Optional.empty();
    }

    private Optional<Map<String, Object>> firewalld() {
        if (state.runningProcesses().isEmpty()) {
            looked.add("no process information under /proc to look for firewalld");
            return Optional.empty();
        }
        if (state.isRunning("firewalld")) {
            return Optional.of(result(true, "firewalld", "a firewalld process is running"));
        }
        looked.add("no firewalld process");
        return Optional.empty();
    }

    private Optional<Map<String, Object>> nftablesService() {
        Optional<String> configuration = readFile("/etc/nftables.conf");
        if (configuration.isEmpty()) {
            return Optional.empty();
        }
        boolean hasHookedChain =
                HOOKED_CHAIN.matcher(withoutComments(configuration.get())).find();
        boolean enabled;
        try {
            enabled = state.unitEnabled("nftables.service");
        } catch (HostReadException e) {
            problems.add(e.getMessage());
            return Optional.empty();
        }
        if (hasHookedChain && enabled) {
            return Optional.of(result(
                    true,
                    "nftables",
                    "/etc/nftables.conf has chains attached to hooks and nftables.service is enabled"));
        }
        looked.add("/etc/nftables.conf " + (hasHookedChain ? "has hooked chains" : "has no chain attached to a hook")
                + " and nftables.service is " + (enabled ? "enabled" : "not enabled"));
        return Optional.empty();
    }

    private Optional<Map<String, Object>> iptablesTables() {
        Optional<String> tables = readFile("/proc/net/ip_tables_names");
        if (tables.isPresent() && !tables.get().isBlank()) {
            return Optional.of(result(
                    true,
                    "iptables",
                    "iptables tables loaded: "
                            + String.join(", ", tables.get().strip().lines().toList())));
        }
        tables.ifPresent(content -> looked.add("no iptables tables in /proc/net/ip_tables_names"));
        return Optional.empty();
    }

    /** Reads a file; a missing file is noted as looked at, an unreadable one as a problem. */
    private Optional<String> readFile(String hostPath) {
        try {
            Optional<String> content = files.read(hostPath);
            if (content.isEmpty()) {
                looked.add("no " + hostPath);
            }
            return content;
        } catch (HostReadException e) {
            problems.add(e.getMessage());
            return Optional.empty();
        }
    }

    static String withoutComments(String configuration) {
        return configuration.replaceAll("(?m)#.*$", "");
    }

    private static Map<String, Object> result(boolean active, String tool, String detail) {
        Map<String, Object> firewall = new LinkedHashMap<>();
        firewall.put("active", active);
        firewall.put("tool", tool);
        firewall.put("detail", detail);
        return firewall;
    }
}
