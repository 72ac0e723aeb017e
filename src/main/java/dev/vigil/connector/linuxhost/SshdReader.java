package dev.vigil.connector.linuxhost;

import dev.vigil.connector.linuxhost.HostFiles.HostReadException;
import dev.vigil.connector.linuxhost.SshdSettings.Setting;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides the {@code sshd} attribute: {@code sshd -T} prints the settings sshd really applies, so it is asked
 * first on the real machine; otherwise (a fixture, a mounted root, or sshd -T failing) the configuration files
 * are parsed.
 */
final class SshdReader {

    private SshdReader() {}

    static Map<String, Object> read(HostFiles files, CommandRunner commands)
            throws HostReadException, UndeterminedException {
        if (!files.exists("/usr/sbin/sshd") && !files.exists(SshdConfigParser.MAIN_CONFIG)) {
            return Map.of("installed", false);
        }
        Optional<CommandRunner.Result> effective = commands.run("sshd", "-T");
        if (effective.isPresent()) {
            CommandRunner.Result result = effective.get();
            files.record(result.commandLine(), result.succeeded() ? result.output() : result.failure());
            if (result.succeeded()) {
                return SshdSettings.from(parseEffectiveSettings(result.output()))
                        .toAttributes("sshd -T");
            }
        }
        return SshdSettings.from(new SshdConfigParser(files).parse()).toAttributes("sshd_config");
    }

    /** {@code sshd -T} prints one lower-case keyword and its value per line. */
    static Map<String, Setting> parseEffectiveSettings(String output) {
        Map<String, Setting> keywords = new HashMap<>();
        output.lines().map(String::strip).filter(line -> !line.isEmpty()).forEach(line -> {
            String[] keywordAndValue = line.split("\\s+", 2);
            keywords.putIfAbsent(
                    keywordAndValue[0], new Setting(keywordAndValue.length > 1 ? keywordAndValue[1] : "", "sshd -T"));
        });
        return keywords;
    }
}
