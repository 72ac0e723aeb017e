package dev.vigil.connector.linuxhost;

import dev.vigil.connector.linuxhost.HostFiles.HostReadException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads what records security events on the host: auditd, a syslog daemon and the systemd journal. */
final class LoggingReader {

    private final HostFiles files;
    private final HostState state;

    LoggingReader(HostFiles files, HostState state) {
        this.files = files;
        this.state = state;
    }

    Map<String, Object> read() throws HostReadException {
        Map<String, Object> auditd = new LinkedHashMap<>();
        auditd.put("installed", state.installed("auditd", "auditd"));
        auditd.put("running", state.isRunning("auditd"));
        auditd.put("rulesConfigured", auditRulesConfigured());
        Map<String, Object> logging = new LinkedHashMap<>();
        logging.put("auditd", auditd);
        logging.put("syslogDaemon", syslogDaemon());
        logging.put("journaldPersistent", journaldPersistent());
        return logging;
    }

    /** At least one watch (-w) or syscall (-a) rule; control lines such as -D or -b alone audit nothing. */
    private boolean auditRulesConfigured() throws HostReadException {
        List<String> ruleFiles = new ArrayList<>(files.list("/etc/audit/rules.d", "*.rules"));
        ruleFiles.add("/etc/audit/audit.rules");
        for (String ruleFile : ruleFiles) {
            Optional<String> rules = files.read(ruleFile);
            if (rules.isPresent()
                    && rules.get()
                            .lines()
                            .map(String::strip)
                            .anyMatch(line -> line.startsWith("-w ") || line.startsWith("-a "))) {
                return true;
            }
        }
        return false;
    }

    private String syslogDaemon() throws HostReadException {
        if (state.installed("rsyslog", "rsyslogd")) {
            return "rsyslog";
        }
        if (state.installed("syslog-ng-core", "syslog-ng") || state.packageInstalled("syslog-ng")) {
            return "syslog-ng";
        }
        return null;
    }

    /** The journal survives reboots with Storage=persistent, or with the default "auto" once /var/log/journal exists. */
    private boolean journaldPersistent() throws HostReadException {
        List<String> configurations = new ArrayList<>();
        configurations.add("/etc/systemd/journald.conf");
        configurations.addAll(files.list("/etc/systemd/journald.conf.d", "*.conf")); // drop-ins override
        String storage = "auto";
        for (String configuration : configurations) {
            Optional<String> content = files.read(configuration);
            if (content.isPresent()) {
                storage = IniSettings.lastValue(content.get(), "Storage").orElse(storage);
            }
        }
        return switch (storage.toLowerCase(Locale.ROOT)) {
            case "persistent" -> true;
            case "auto" -> files.isDirectory("/var/log/journal");
            default -> false;
        };
    }
}
