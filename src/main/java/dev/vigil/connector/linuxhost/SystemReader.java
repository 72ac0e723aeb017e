package dev.vigil.connector.linuxhost;

import dev.vigil.connector.linuxhost.HostFiles.HostReadException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads what identifies the host: its name, distribution, kernel release and security-relevant sysctls. */
final class SystemReader {

    static final List<String> KERNEL_PARAMETERS = List.of(
            "kernel.randomize_va_space",
            "net.ipv4.ip_forward",
            "fs.suid_dumpable",
            "net.ipv4.conf.all.accept_redirects",
            "net.ipv4.conf.all.send_redirects",
            "net.ipv4.tcp_syncookies",
            "kernel.dmesg_restrict");

    private SystemReader() {}

    /** The static hostname, else the running kernel's, else "localhost": a resource always needs an id. */
    static String hostname(HostFiles files) {
        for (String source : List.of("/etc/hostname", "/proc/sys/kernel/hostname")) {
            try {
                Optional<String> name = files.read(source)
                        .flatMap(content -> content.lines()
                                .map(String::strip)
                                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                                .findFirst());
                if (name.isPresent()) {
                    return name.get();
                }
            } catch (HostReadException e) {
                // Fall through to the next source: a name from elsewhere is still the host's name.
            }
        }
        return "localhost";
    }

    static Map<String, Object> operatingSystem(HostFiles files) throws HostReadException, UndeterminedException {
        Optional<String> release = files.read("/etc/os-release");
        if (release.isEmpty()) {
            release = files.read("/usr/lib/os-release");
        }
        if (release.isEmpty()) {
            throw new UndeterminedException("neither /etc/os-release nor /usr/lib/os-release exists");
        }
        Map<String, String> fields = osReleaseFields(release.get());
        Map<String, Object> os = new LinkedHashMap<>();
        os.put("id", fields.getOrDefault("ID", "linux")); // defaults from os-release(5)
        os.put("versionId", fields.getOrDefault("VERSION_ID", ""));
        os.put("prettyName", fields.getOrDefault("PRETTY_NAME", "Linux"));
        return os;
    }

    static Map<String, Object> kernel(HostFiles files) throws HostReadException, UndeterminedException {
        String release = files.read("/proc/sys/kernel/osrelease")
                .map(String::strip)
                .orElseThrow(() -> new UndeterminedException("/proc/sys/kernel/osrelease does not exist"));
        return Map.of("release", release);
    }

    /** Parameters in sysctl's dotted form; a parameter the kernel does not have is left out. */
    static Map<String, Object> kernelParameters(HostFiles files) throws HostReadException, UndeterminedException {
        if (!files.isDirectory("/proc/sys")) {
            throw new UndeterminedException("/proc/sys does not exist");
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (String parameter : KERNEL_PARAMETERS) {
            Optional<String> value = files.read("/proc/sys/" + parameter.replace('.', '/'));
            value.ifPresent(text -> parameters.put(parameter, text.strip()));
        }
        return parameters;
    }

    /** {@code KEY=value} lines; values may be quoted with shell-style escapes. */
    static Map<String, String> osReleaseFields(String content) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : content.lines().map(String::strip).toList()) {
            int equals = line.indexOf('=');
            if (line.startsWith("#") || equals <= 0) {
                continue;
            }
            String value = line.substring(equals + 1).strip();
            if (value.length() >= 2
                    && (value.startsWith("\"") || value.startsWith("'"))
                    && value.endsWith(value.substring(0, 1))) {
                value = value.substring(1, value.length() - 1).replaceAll("\\\\([\"'$`\\\\])", "$1");
            }
            fields.put(line.substring(0, equals).strip(), value);
        }
        return fields;
    }
}
