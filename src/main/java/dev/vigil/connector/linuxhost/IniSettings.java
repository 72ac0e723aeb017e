package dev.vigil.connector.linuxhost;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code Key=value} settings as systemd, pwquality and timesyncd write them; comments start with # or ;. */
final class IniSettings {

    private IniSettings() {}

    /** All values of a key, in file order; keys compare exactly, whitespace around = is allowed. */
    static List<String> values(String content, String key) {
        List<String> values = new ArrayList<>();
        for (String line : content.lines().map(String::strip).toList()) {
            if (line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals > 0 && line.substring(0, equals).strip().equals(key)) {
                values.add(line.substring(equals + 1).strip());
            }
        }
        return values;
    }

    /** The value that takes effect when a key repeats: the last one. */
    static Optional<String> lastValue(String content, String key) {
        List<String> values = values(content, key);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }
}
