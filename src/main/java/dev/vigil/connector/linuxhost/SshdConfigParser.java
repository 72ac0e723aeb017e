package dev.vigil.connector.linuxhost;

import dev.vigil.connector.linuxhost.HostFiles.HostReadException;
import dev.vigil.connector.linuxhost.SshdSettings.Setting;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the global keyword values of {@code /etc/ssh/sshd_config} with OpenSSH's semantics, for hosts where
 * {@code sshd -T} cannot be asked: the first value of a keyword wins; {@code Include} expands its globs
 * (relative to {@code /etc/ssh}, matches in lexical order) at the point where it appears; lines after
 * {@code Match} apply to some connections only, so they do not change the global values, and a {@code Match}
 * inside an included file ends with that file. Includes inside a {@code Match} block are not read, and globs
 * are honoured in the last path component only.
 */
final class SshdConfigParser {

    static final String MAIN_CONFIG = "/etc/ssh/sshd_config";
    private static final String CONFIG_DIRECTORY = "/etc/ssh";
    private static final int MAX_INCLUDE_DEPTH = 16; // OpenSSH's SERVCONF_MAX_DEPTH
    private static final Pattern KEYWORD_AND_ARGUMENTS = Pattern.compile("([^\\s=]+)\\s*(?:=\\s*)?(.*)");

    private final HostFiles files;
    private final Map<String, Setting> keywords = new HashMap<>();

    SshdConfigParser(HostFiles files) {
        this.files = files;
    }

    /**
     * The global keyword values (lower-case keywords) as sshd would use them.
     *
     * @throws HostReadException when the main file or an included file cannot be read: sshd would refuse to
     *     start, and the unread file could change any setting
     * @throws UndeterminedException when the main file is missing or includes nest too deeply
     */
    Map<String, Setting> parse() throws HostReadException, UndeterminedException {
        parseFile(MAIN_CONFIG, 0);
        return Map.copyOf(keywords);
    }

    private void parseFile(String hostPath, int depth) throws HostReadException, UndeterminedException {
        String content =
                files.read(hostPath).orElseThrow(() -> new UndeterminedException(hostPath + " does not exist"));
        boolean global = true;
        List<String> lines = content.lines().toList();
        for (int index = 0; index < lines.size(); index++) {
            String line = lines.get(index).strip();
            Matcher matcher = KEYWORD_AND_ARGUMENTS.matcher(line);
            if (line.isEmpty() || line.startsWith("#") || !matcher.matches()) {
                continue;
            }
            String keyword = matcher.group(1).toLowerCase(Locale.ROOT);
            List<String> arguments = arguments(matcher.group(2));
            String location = hostPath + " line " + (index + 1);
            if (keyword.equals("match")) {
                global = arguments.size() == 1 && arguments.get(0).equalsIgnoreCase("all");
            } else if (!global) {
                continue;
            } else if (keyword.equals("include")) {
                if (depth >= MAX_INCLUDE_DEPTH) {
                    throw new UndeterminedException(
                            location + ": Include nested more than " + MAX_INCLUDE_DEPTH + " levels deep");
                }
                for (String pattern : arguments) {
                    for (String included : expand(pattern)) {
                        parseFile(included, depth + 1);
                    }
                }
            } else {
                keywords.putIfAbsent(keyword, new Setting(arguments.isEmpty() ? "" : arguments.get(0), location));
            }
        }
    }

    /** Files matching an Include pattern, in lexical order; a pattern that matches nothing is allowed. */
    private List<String> expand(String pattern) throws HostReadException {
        String absolute = pattern.startsWith("/") ? pattern : CONFIG_DIRECTORY + "/" + pattern;
        int lastSlash = absolute.lastIndexOf('/');
        String directory = lastSlash == 0 ? "/" : absolute.substring(0, lastSlash);
        String namePattern = absolute.substring(lastSlash + 1);
        List<String> matches = new ArrayList<>();
        for (String candidate : files.list(directory, namePattern)) {
            // glob(3) never lets a wildcard match a leading dot; Java's glob does.
            String name = candidate.substring(candidate.lastIndexOf('/') + 1);
            if (!name.startsWith(".") || namePattern.startsWith(".")) {
                matches.add(candidate);
            }
        }
        return matches;
    }

    /** Splits arguments on whitespace, honouring double quotes; a word starting with # ends the line. */
    private static List<String> arguments(String text) {
        List<String> arguments = new ArrayList<>();
        Matcher word = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(text);
        while (word.find()) {
            if (word.group(2) != null && word.group(2).startsWith("#")) {
                break;
            }
            arguments.add(word.group(1) != null ? word.group(1) : word.group(2));
        }
        return arguments;
    }
}
