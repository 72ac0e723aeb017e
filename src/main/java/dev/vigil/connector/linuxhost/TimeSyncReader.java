package dev.vigil.connector.linuxhost;

import dev.vigil.connector.linuxhost.HostFiles.HostReadException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the time synchronization service and its servers. A service counts as active when its process runs;
 * only when the root carries no process information (an offline image) does "enabled at boot" count instead.
 * Servers are the ones configured in files; compiled-in fallbacks are not reported.
 */
final class TimeSyncReader {

    /** One time service: its process name as /proc shows it (15 characters at most) and its systemd units. */
    private record Service(String name, String process, List<String> units) {}

    private static final List<Service> SERVICES = List.of(
            new Service("chronyd", "chronyd", List.of("chrony.service", "chronyd.service")),
            new Service("systemd-timesyncd", "systemd-timesyn", List.of("systemd-timesyncd.service")),
            new Service("openntpd", "ntpd", List.of("openntpd.service")),
            new Service("ntpd", "ntpd", List.of("ntp.service", "ntpsec.service", "ntpd.service")));

    private final HostFiles files;
    private final HostState state;

    TimeSyncReader(HostFiles files, HostState state) {
        this.files = files;
        this.state = state;
    }

    Map<String, Object> read() throws HostReadException {
        Optional<Set<String>> processes = state.runningProcesses();
        for (Service service : SERVICES) {
            boolean active = processes.isPresent()
                    ? processes.get().contains(service.process()) && isThisNtpImplementation(service)
                    : enabled(service);
            if (active) {
                return result(true, service.name());
            }
        }
        for (Service service : SERVICES) {
            if (enabled(service)) {
                return result(false, service.name());
            }
        }
        return result(false, null);
    }

    /** OpenNTPD and the reference ntpd both run as "ntpd"; their configuration files tell them apart. */
    private boolean isThisNtpImplementation(Service service) {
        boolean openntpd = files.exists("/etc/openntpd/ntpd.conf")
                && !files.exists("/etc/ntp.conf")
                && !files.exists("/etc/ntpsec/ntp.conf");
        return switch (service.name()) {
            case "openntpd" -> openntpd;
            case "ntpd" -> !openntpd;
            default -> true;
        };
    }

    private boolean enabled(Service service) throws HostReadException {
        for (String unit : service.units()) {
            if (state.unitEnabled(unit)) {
                return true;
            }
        }
        return false;
    }

    private Map<String, Object> result(boolean active, String service) throws HostReadException {
        Map<String, Object> timeSync = new LinkedHashMap<>();
        timeSync.put("active", active);
        timeSync.put("service", service);
        timeSync.put("servers", service == null ? List.of() : servers(service));
        return timeSync;
    }

    private List<String> servers(String service) throws HostReadException {
        return switch (service) {
            case "chronyd" ->
                directiveServers(concat(
                        List.of("/etc/chrony/chrony.conf", "/etc/chrony.conf"),
                        files.list("/etc/chrony/conf.d", "*.conf"),
                        files.list("/etc/chrony/sources.d", "*.sources")));
            case "systemd-timesyncd" -> timesyncdServers();
            case "openntpd" -> directiveServers(List.of("/etc/openntpd/ntpd.conf"));
            default -> directiveServers(List.of("/etc/ntpsec/ntp.conf", "/etc/ntp.conf"));
        };
    }

    /** chrony, ntpd and OpenNTPD name their sources with "server", "servers", "pool" or "peer" lines. */
    private List<String> directiveServers(List<String> configurations) throws HostReadException {
        Set<String> servers = new LinkedHashSet<>();
        for (String configuration : configurations) {
            for (String line : files.read(configuration).orElse("").lines().toList()) {
                String[] words = line.strip().split("\\s+");
                if (words.length >= 2
                        && List.of("server", "servers", "pool", "peer").contains(words[0])) {
                    servers.add(words[1].replace("\"", ""));
                }
            }
        }
        return List.copyOf(servers);
    }

    /** NTP= lists accumulate across timesyncd.conf and its drop-ins, an empty assignment resets. */
    private List<String> timesyncdServers() throws HostReadException {
        List<String> configurations =
                concat(List.of("/etc/systemd/timesyncd.conf"), files.list("/etc/systemd/timesyncd.conf.d", "*.conf"));
        Set<String> servers = new LinkedHashSet<>();
        Set<String> fallback = new LinkedHashSet<>();
        for (String configuration : configurations) {
            String content = files.read(configuration).orElse("");
            accumulate(IniSettings.values(content, "NTP"), servers);
            accumulate(IniSettings.values(content, "FallbackNTP"), fallback);
        }
        return List.copyOf(servers.isEmpty() ? fallback : servers);
    }

    private static void accumulate(List<String> assignments, Set<String> servers) {
        for (String assignment : assignments) {
            if (assignment.isEmpty()) {
                servers.clear();
            } else {
                servers.addAll(List.of(assignment.split("\\s+")));
            }
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return all;
    }
}
