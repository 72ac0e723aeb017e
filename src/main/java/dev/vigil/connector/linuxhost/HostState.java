package dev.vigil.connector.linuxhost;

import dev.vigil.connector.linuxhost.HostFiles.HostReadException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What is installed, enabled and running on the host, read from files only: {@code /proc/<pid>/comm} for
 * processes, the dpkg status database for packages, {@code /etc/systemd/system/*.wants/} for enabled units.
 * Several sections ask the same questions, so answers are read once per run.
 */
final class HostState {

    private static final List<String> PROGRAM_DIRECTORIES =
            List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin");
    private static final String DPKG_STATUS = "/var/lib/dpkg/status";

    private final HostFiles files;
    private Optional<Set<String>> processNames;
    private Map<String, String> packageStatuses;
    private final Map<String, String> packagesLookedUp = new TreeMap<>();

    HostState(HostFiles files) {
        this.files = files;
    }

    /**
     * Names of running processes (the kernel's {@code comm}, at most 15 characters), or empty when the root
     * has no process information (a fixture or an offline disk image).
     */
    Optional<Set<String>> runningProcesses() {
        if (processNames == null) {
            Set<String> names = new TreeSet<>();
            try {
                for (String entry : files.list("/proc", "[0-9]*")) {
                    try {
                        files.readUnrecorded(entry + "/comm").ifPresent(comm -> names.add(comm.strip()));
                    } catch (HostReadException e) {
                        // The process ended while being read, or is hidden from us (hidepid): skip it.
                    }
                }
            } catch (HostReadException e) {
                // No readable /proc: treated like no process information.
            }
            processNames = names.isEmpty() ? Optional.empty() : Optional.of(names);
            processNames.ifPresent(found -> files.record("/proc/*/comm", String.join("\n", found)));
        }
        return processNames;
    }

    /** Whether a process with this name runs; false when process information is missing. */
    boolean isRunning(String processName) {
        return runningProcesses().map(names -> names.contains(processName)).orElse(false);
    }

    /** Whether dpkg lists the package as installed ("install ok installed"). */
    boolean packageInstalled(String name) throws HostReadException {
        if (packageStatuses == null) {
            packageStatuses = parseDpkgStatus(files.readUnrecorded(DPKG_STATUS).orElse(""));
        }
        String status = packageStatuses.getOrDefault(name, "not listed");
        packagesLookedUp.put(name, status);
        files.record(DPKG_STATUS + " (packages looked up)", formatLookups());
        return status.equals("install ok installed");
    }

    /** Whether a systemd unit is enabled: some target under /etc/systemd/system wants it. */
    boolean unitEnabled(String unit) throws HostReadException {
        for (String wants : files.list("/etc/systemd/system", "*.wants")) {
            if (files.exists(wants + "/" + unit)) {
                return true;
            }
        }
        return false;
    }

    /** Whether an executable of this name exists in the usual program directories. */
    boolean programInstalled(String name) {
        return PROGRAM_DIRECTORIES.stream().anyMatch(directory -> files.exists(directory + "/" + name));
    }

    /** Whether the package is installed per dpkg, or its program is present (for hosts without dpkg). */
    boolean installed(String packageName, String programName) throws HostReadException {
        return packageInstalled(packageName) || programInstalled(programName);
    }

    private String formatLookups() {
        StringBuilder text = new StringBuilder();
        packagesLookedUp.forEach(
                (name, status) -> text.append(name).append(": ").append(status).append('\n'));
        return text.toString();
    }

    private static Map<String, String> parseDpkgStatus(String status) {
        Map<String, String> statuses = new TreeMap<>();
        for (String stanza : status.split("\n\\s*\n")) {
            String name = null;
            String state = null;
            for (String line : stanza.split("\n")) {
                if (line.startsWith("Package:")) {
                    name = line.substring("Package:".length()).strip();
                } else if (line.startsWith("Status:")) {
                    state = line.substring("Status:".length()).strip();
                }
            }
            if (name != null && state != null) {
                statuses.put(name, state);
            }
        }
        return statuses;
    }
}
