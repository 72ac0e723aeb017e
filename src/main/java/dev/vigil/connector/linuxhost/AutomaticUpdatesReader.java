package dev.vigil.connector.linuxhost;

import dev.vigil.connector.linuxhost.HostFiles.HostReadException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether the host installs security updates by itself: unattended-upgrades on Debian and Ubuntu,
 * dnf-automatic or yum-cron on Red Hat family systems. Installed but not switched on counts as not configured.
 */
final class AutomaticUpdatesReader {

    private static final Pattern APT_PERIODIC =
            Pattern.compile("(?m)^\\s*APT::Periodic::([A-Za-z-]+)\\s+\"([^\"]*)\"\\s*;");
    /** APT ignores files in apt.conf.d with other characters or an extension other than .conf. */
    private static final Pattern APT_PART_NAME = Pattern.compile("[A-Za-z0-9_-]+|[A-Za-z0-9_.-]+\\.conf");

    private static final Set<String> TRUE_SETTINGS =
            Set.of("apply_updates=yes", "apply_updates=true", "apply_updates=1", "apply_updates=on");

    private final HostFiles files;
    private final HostState state;

    AutomaticUpdatesReader(HostFiles files, HostState state) {
        this.files = files;
        this.state = state;
    }

    Map<String, Object> read() throws HostReadException {
        if (state.packageInstalled("unattended-upgrades")) {
            return unattendedUpgrades();
        }
        if (files.exists("/etc/dnf/automatic.conf")) {
            return dnfAutomatic();
        }
        if (files.exists("/etc/yum/yum-cron.conf")) {
            return yumCron();
        }
        return result(false, null, "none of unattended-upgrades, dnf-automatic or yum-cron is installed");
    }

    private Map<String, Object> unattendedUpgrades() throws HostReadException {
        Map<String, String> periodic = new HashMap<>();
        List<String> sources = new ArrayList<>(files.list("/etc/apt/apt.conf.d", "*"));
        sources.removeIf(source -> !APT_PART_NAME
                .matcher(source.substring(source.lastIndexOf('/') + 1))
                .matches());
        sources.add("/etc/apt/apt.conf"); // read last, so it overrides the parts
        for (String source : sources) {
            if (files.isDirectory(source)) {
                continue;
            }
            Optional<String> content = files.read(source);
            if (content.isPresent()) {
                Matcher setting = APT_PERIODIC.matcher(content.get());
                while (setting.find()) {
                    periodic.put(
                            setting.group(1).toLowerCase(Locale.ROOT),
                            setting.group(2).strip());
                }
            }
        }
        String upgrade = periodic.getOrDefault("unattended-upgrade", "0");
        String updateLists = periodic.getOrDefault("update-package-lists", "0");
        boolean configured = isOn(upgrade) && isOn(updateLists);
        return result(
                configured,
                "unattended-upgrades",
                "unattended-upgrades is installed; APT::Periodic::Unattended-Upgrade \"" + upgrade
                        + "\", APT::Periodic::Update-Package-Lists \"" + updateLists + "\"");
    }

    private Map<String, Object> dnfAutomatic() throws HostReadException {
        boolean applies = applyUpdates("/etc/dnf/automatic.conf");
        boolean timer = state.unitEnabled("dnf-automatic.timer");
        boolean installTimer = state.unitEnabled("dnf-automatic-install.timer");
        boolean configured = installTimer || (applies && timer);
        return result(
                configured,
                "dnf-automatic",
                "/etc/dnf/automatic.conf apply_updates = " + (applies ? "yes" : "no") + "; dnf-automatic.timer "
                        + enabled(timer) + "; dnf-automatic-install.timer " + enabled(installTimer));
    }

    private Map<String, Object> yumCron() throws HostReadException {
        boolean applies = applyUpdates("/etc/yum/yum-cron.conf");
        boolean service = state.unitEnabled("yum-cron.service");
        return result(
                applies && service,
                "yum-cron",
                "/etc/yum/yum-cron.conf apply_updates = " + (applies ? "yes" : "no") + "; yum-cron.service "
                        + enabled(service));
    }

    private boolean applyUpdates(String hostPath) throws HostReadException {
        return files.read(hostPath).stream()
                .flatMap(String::lines)
                .map(line -> line.replaceAll("\\s+", "").toLowerCase(Locale.ROOT))
                .anyMatch(line -> TRUE_SETTINGS.contains(line));
    }

    /** APT periodic values are a number of days or a systemd time span; only "0" and empty switch off. */
    private static boolean isOn(String periodicValue) {
        return !periodicValue.isEmpty() && !periodicValue.equals("0");
    }

    private static String enabled(boolean enabled) {
        return enabled ? "enabled" : "not enabled";
    }

    private static Map<String, Object> result(boolean configured, String mechanism, String detail) {
        Map<String, Object> updates = new LinkedHashMap<>();
        updates.put("configured", configured);
        updates.put("mechanism", mechanism);
        updates.put("detail", detail);
        return updates;
    }
}
