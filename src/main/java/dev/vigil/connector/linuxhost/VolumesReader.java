package dev.vigil.connector.linuxhost;

import dev.vigil.connector.linuxhost.HostFiles.HostReadException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lists mounted data filesystems and whether each sits on dm-crypt (LUKS). The kernel's device-mapper
 * tables under /sys tell directly (a {@code CRYPT-} uuid on the device or one below it, as with LVM on
 * LUKS); {@code /etc/crypttab} tells for mapper names it lists. When neither can tell, encryption is
 * {@code null} with the reason, never a guess.
 */
final class VolumesReader {

    private static final Set<String> DATA_FILESYSTEMS = Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "zfs", "f2fs");
    private static final Pattern OCTAL_ESCAPE = Pattern.compile("\\\\([0-7]{3})");
    private static final int MAX_STACK_DEPTH = 8;

    /** A device-mapper device: its kernel name (dm-0), mapper name, uuid and the devices it is built on. */
    private record MappedDevice(String kernelName, String name, String uuid, List<String> slaves) {}

    private final HostFiles files;
    private final Map<String, MappedDevice> mappedDevices = new LinkedHashMap<>();
    private final Set<String> crypttabNames = new HashSet<>();

    VolumesReader(HostFiles files) {
        this.files = files;
    }

    List<Map<String, Object>> read() throws HostReadException, UndeterminedException {
        String mounts =
                files.read("/proc/mounts").orElseThrow(() -> new UndeterminedException("/proc/mounts does not exist"));
        readCrypttab();
        readMappedDevices();
        Map<String, Map<String, Object>> volumes = new LinkedHashMap<>();
        for (String line : mounts.lines().toList()) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length < 3) {
                continue;
            }
            String device = unescape(fields[0]);
            String mountPoint = unescape(fields[1]);
            String type = fields[2];
            boolean dataFilesystem =
                    DATA_FILESYSTEMS.contains(type) || (type.equals("overlay") && mountPoint.equals("/"));
            // Containers bind-mount single files (/etc/hosts, /etc/resolv.conf) from the host's disk: not volumes.
            if (dataFilesystem && !Files.isRegularFile(files.resolve(mountPoint))) {
                volumes.remove(mountPoint); // a later mount on the same point hides the earlier one
                volumes.put(mountPoint, volume(mountPoint, device, type));
            }
        }
        return List.copyOf(volumes.values());
    }

    private Map<String, Object> volume(String mountPoint, String device, String type) {
        Boolean encrypted = null;
        String reason;
        if (type.equals("overlay")) {
            reason = "root filesystem is an overlay (container); encryption is decided by the host";
        } else if (type.equals("zfs")) {
            reason = "ZFS encryption is a dataset property that /proc/mounts does not show";
        } else if (device.startsWith("/dev/mapper/") || device.startsWith("/dev/dm-")) {
            String name = device.substring(device.lastIndexOf('/') + 1);
            Optional<MappedDevice> mapped = mappedDevices.values().stream()
                    .filter(candidate -> candidate.name().equals(name)
                            || candidate.kernelName().equals(name))
                    .findFirst();
            Optional<String> cryptLayer = mapped.flatMap(start -> cryptLayer(start, 0));
            if (crypttabNames.contains(mapped.map(MappedDevice::name).orElse(name))) {
                encrypted = true;
                reason = "mapper device " + mapped.map(MappedDevice::name).orElse(name) + " is listed in /etc/crypttab";
            } else if (cryptLayer.isPresent()) {
                encrypted = true;
                reason = cryptLayer.get();
            } else if (mapped.isPresent()) {
                encrypted = false;
                reason = "device-mapper device " + mapped.get().kernelName() + " ("
                        + mapped.get().uuid() + ") has no dm-crypt layer";
            } else {
                reason = "cannot tell: " + device + " is not in /sys/block/dm-*/dm/name nor in /etc/crypttab";
            }
        } else if (device.equals("/dev/root") || !device.startsWith("/dev/")) {
            reason = "cannot tell: " + device + " does not name a block device";
        } else {
            encrypted = false;
            reason = device + " is a plain block device, not device-mapper (no dm-crypt)";
        }
        Map<String, Object> volume = new LinkedHashMap<>();
        volume.put("mountPoint", mountPoint);
        volume.put("device", device);
        volume.put("fsType", type);
        volume.put("encrypted", encrypted);
        volume.put("reason", reason);
        return volume;
    }

    /** Why the device, or one it is built on, is dm-crypt; empty when none is. */
    private Optional<String> cryptLayer(MappedDevice device, int depth) {
        if (device.uuid().startsWith("CRYPT-")) {
            return Optional.of("dm-crypt device " + device.kernelName() + " (" + device.uuid() + ")");
        }
        if (depth >= MAX_STACK_DEPTH) {
            return Optional.empty();
        }
        for (String slave : device.slaves()) {
            MappedDevice below = mappedDevices.get(slave);
            Optional<String> layer = below == null ? Optional.empty() : cryptLayer(below, depth + 1);
            if (layer.isPresent()) {
                return Optional.of(device.kernelName() + " is built on " + layer.get());
            }
        }
        return Optional.empty();
    }

    private void readCrypttab() throws HostReadException {
        for (String line : files.read("/etc/crypttab")
                .orElse("")
                .lines()
                .map(String::strip)
                .toList()) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                crypttabNames.add(line.split("\\s+")[0]);
            }
        }
    }

    private void readMappedDevices() throws HostReadException {
        for (String device : files.list("/sys/block", "dm-*")) {
            String kernelName = device.substring(device.lastIndexOf('/') + 1);
            String name = files.read(device + "/dm/name").orElse("").strip();
            String uuid = files.read(device + "/dm/uuid").orElse("").strip();
            List<String> slaves = new ArrayList<>();
            for (String slave : files.list(device + "/slaves", "*")) {
                slaves.add(slave.substring(slave.lastIndexOf('/') + 1));
            }
            mappedDevices.put(kernelName, new MappedDevice(kernelName, name, uuid, slaves));
        }
    }

    /** /proc/mounts writes spaces, tabs, newlines and backslashes as octal escapes such as \040. */
    static String unescape(String field) {
        Matcher escape = OCTAL_ESCAPE.matcher(field);
        StringBuilder text = new StringBuilder();
        while (escape.find()) {
            escape.appendReplacement(
                    text, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(escape.group(1), 8))));
        }
        escape.appendTail(text);
        return text.toString();
    }
}
