package dev.vigil.connector.linuxhost;

import dev.vigil.connector.linuxhost.HostFiles.HostReadException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds host intrusion detection and file integrity tools. Only installed tools are listed; for each, whether
 * it is configured and whether it runs. File integrity scanners (AIDE, Tripwire) do not run permanently, so
 * for them "running" means a daily scan is scheduled.
 */
final class IntrusionDetectionReader {

    private final HostFiles files;
    private final HostState state;

    IntrusionDetectionReader(HostFiles files, HostState state) {
        this.files = files;
        this.state = state;
    }

    Map<String, Object> read() throws HostReadException {
        List<Map<String, Object>> tools = new ArrayList<>();
        if (state.installed("aide", "aide")) {
            boolean configuration = files.exists("/etc/aide/aide.conf") || files.exists("/etc/aide.conf");
            boolean database = !files.list("/var/lib/aide", "aide.db*").isEmpty();
            boolean scheduled = files.exists("/etc/cron.daily/aide") || state.unitEnabled("dailyaidecheck.timer");
            tools.add(tool("aide", configuration && database, scheduled));
        }
        boolean wazuh = state.packageInstalled("wazuh-agent")
                || state.packageInstalled("wazuh-manager")
                || files.exists("/var/ossec/bin/wazuh-control");
        boolean ossecConfigured = files.exists("/var/ossec/etc/ossec.conf");
        if (wazuh) {
            tools.add(tool("wazuh", ossecConfigured, anyProcessStartingWith("wazuh-")));
        } else if (files.exists("/var/ossec")
                || state.packageInstalled("ossec-hids")
                || state.packageInstalled("ossec-hids-agent")) {
            tools.add(tool("ossec", ossecConfigured, anyProcessStartingWith("ossec-")));
        }
        if (state.installed("falco", "falco")) {
            tools.add(tool("falco", files.exists("/etc/falco/falco.yaml"), state.isRunning("falco")));
        }
        if (state.installed("suricata", "suricata")) {
            // Suricata renames its main thread, which is what /proc/<pid>/comm shows.
            boolean running = state.isRunning("Suricata-Main") || state.isRunning("suricata");
            tools.add(tool("suricata", files.exists("/etc/suricata/suricata.yaml"), running));
        }
        if (state.installed("tripwire", "tripwire")) {
            boolean configuration = files.exists("/etc/tripwire/tw.cfg") && files.exists("/etc/tripwire/tw.pol");
            tools.add(tool("tripwire", configuration, files.exists("/etc/cron.daily/tripwire")));
        }
        if (state.installed("samhain", "samhain")) {
            tools.add(tool("samhain", files.exists("/etc/samhainrc"), state.isRunning("samhain")));
        }
        return Map.of("tools", List.copyOf(tools));
    }

    private boolean anyProcessStartingWith(String prefix) {
        return state.runningProcesses().orElse(Set.of()).stream().anyMatch(name -> name.startsWith(prefix));
    }

    private static Map<String, Object> tool(String name, boolean configured, boolean running) {
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("name", name);
        tool.put("installed", true);
        tool.put("configured", configured);
        tool.put("running", running);
        return tool;
    }
}
