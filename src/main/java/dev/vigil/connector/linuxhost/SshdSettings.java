package dev.vigil.connector.linuxhost;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The effective global settings of the OpenSSH server that checks care about, with OpenSSH's compiled-in
 * defaults for anything the configuration leaves unset.
 */
record SshdSettings(
        String permitRootLogin,
        boolean passwordAuthentication,
        boolean permitEmptyPasswords,
        long maxAuthTries,
        boolean x11Forwarding,
        long clientAliveInterval,
        long clientAliveCountMax,
        long loginGraceTime,
        List<String> ciphers,
        List<String> macs,
        List<String> kexAlgorithms) {

    /** OpenSSH 9.2 defaults (sshd_config(5)). */
    static final List<String> DEFAULT_CIPHERS = List.of(
            "chacha20-poly1305@openssh.com",
            "aes128-ctr",
            "aes192-ctr",
            "aes256-ctr",
            "aes128-gcm@openssh.com",
            "aes256-gcm@openssh.com");

    static final List<String> DEFAULT_MACS = List.of(
            "umac-64-etm@openssh.com",
            "umac-128-etm@openssh.com",
            "hmac-sha2-256-etm@openssh.com",
            "hmac-sha2-512-etm@openssh.com",
            "hmac-sha1-etm@openssh.com",
            "umac-64@openssh.com",
            "umac-128@openssh.com",
            "hmac-sha2-256",
            "hmac-sha2-512",
            "hmac-sha1");

    static final List<String> DEFAULT_KEX_ALGORITHMS = List.of(
            "sntrup761x25519-sha512@openssh.com",
            "curve25519-sha256",
            "curve25519-sha256@libssh.org",
            "ecdh-sha2-nistp256",
            "ecdh-sha2-nistp384",
            "ecdh-sha2-nistp521",
            "diffie-hellman-group-exchange-sha256",
            "diffie-hellman-group16-sha512",
            "diffie-hellman-group18-sha512",
            "diffie-hellman-group14-sha256");

    private static final List<String> ROOT_LOGIN_VALUES =
            List.of("yes", "no", "prohibit-password", "forced-commands-only");
    private static final Pattern TIME_PART = Pattern.compile("(\\d+)([smhdwSMHDW]?)");

    /** A keyword's value and where it came from, for precise error messages. */
    record Setting(String value, String location) {}

    /**
     * Builds the settings from keyword values (lower-case keywords, first value already chosen).
     *
     * @throws UndeterminedException when a value is not valid OpenSSH syntax: sshd would refuse it, so no
     *     effective value can be stated
     */
    static SshdSettings from(Map<String, Setting> keywords) throws UndeterminedException {
        Values values = new Values(keywords);
        String permitRootLogin =
                values.text("permitrootlogin", "prohibit-password").toLowerCase(Locale.ROOT);
        if (permitRootLogin.equals("without-password")) {
            permitRootLogin = "prohibit-password"; // deprecated alias
        }
        if (!ROOT_LOGIN_VALUES.contains(permitRootLogin)) {
            throw values.invalid("permitrootlogin", "one of " + ROOT_LOGIN_VALUES);
        }
        return new SshdSettings(
                permitRootLogin,
                values.flag("passwordauthentication", true),
                values.flag("permitemptypasswords", false),
                values.number("maxauthtries", 6),
                values.flag("x11forwarding", false),
                values.seconds("clientaliveinterval", 0),
                values.number("clientalivecountmax", 3),
                values.seconds("logingracetime", 120),
                values.algorithms("ciphers", DEFAULT_CIPHERS),
                values.algorithms("macs", DEFAULT_MACS),
                values.algorithms("kexalgorithms", DEFAULT_KEX_ALGORITHMS));
    }

    /** The {@code sshd} attribute: {@code source} says whether sshd itself or Vigil's parser decided. */
    Map<String, Object> toAttributes(String source) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("installed", true);
        attributes.put("source", source);
        attributes.put("permitRootLogin", permitRootLogin);
        attributes.put("passwordAuthentication", passwordAuthentication);
        attributes.put("permitEmptyPasswords", permitEmptyPasswords);
        attributes.put("maxAuthTries", maxAuthTries);
        attributes.put("x11Forwarding", x11Forwarding);
        attributes.put("clientAliveInterval", clientAliveInterval);
        attributes.put("clientAliveCountMax", clientAliveCountMax);
        attributes.put("loginGraceTime", loginGraceTime);
        attributes.put("ciphers", ciphers);
        attributes.put("macs", macs);
        attributes.put("kexAlgorithms", kexAlgorithms);
        return attributes;
    }

    /**
     * Parses an OpenSSH time value such as {@code 90}, {@code 2m} or {@code 1h30m} into seconds.
     *
     * @throws IllegalArgumentException when the value is not an OpenSSH time format
     */
    static long parseSeconds(String value) {
        Matcher part = TIME_PART.matcher(value);
        long seconds = 0;
        int end = 0;
        while (part.lookingAt()) {
            long amount = Long.parseLong(part.group(1));
            seconds += amount
                    * switch (part.group(2).toLowerCase(Locale.ROOT)) {
                        case "m" -> 60;
                        case "h" -> 3600;
                        case "d" -> 86400;
                        case "w" -> 604800;
                        default -> 1;
                    };
            end = part.end();
            part.region(end, value.length());
        }
        if (value.isEmpty() || end != value.length()) {
            throw new IllegalArgumentException("not a time value: '" + value + "'");
        }
        return seconds;
    }

    /**
     * Applies an algorithm list the way OpenSSH does: {@code +list} appends to the defaults, {@code -list}
     * removes (wildcards allowed), {@code ^list} moves to the front, anything else replaces.
     */
    static List<String> algorithmList(String value, List<String> defaults) {
        char operator = value.isEmpty() ? ' ' : value.charAt(0);
        boolean changesDefaults = operator == '+' || operator == '-' || operator == '^';
        List<String> given = List.of((changesDefaults ? value.substring(1) : value).split(","));
        Set<String> result = new LinkedHashSet<>();
        switch (operator) {
            case '+' -> {
                result.addAll(defaults);
                result.addAll(given);
            }
            case '-' ->
                defaults.stream()
                        .filter(name -> given.stream().noneMatch(pattern -> wildcardMatches(pattern, name)))
                        .forEach(result::add);
            case '^' -> {
                result.addAll(given);
                result.addAll(defaults);
            }
            default -> result.addAll(given);
        }
        return List.copyOf(result);
    }

    private static boolean wildcardMatches(String pattern, String name) {
        String regex = Pattern.quote(pattern).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
        return name.matches(regex);
    }

    /** Typed access to keyword values with their defaults. */
    private record Values(Map<String, Setting> keywords) {

        String text(String keyword, String defaultValue) {
            Setting setting = keywords.get(keyword);
            return setting == null ? defaultValue : setting.value();
        }

        boolean flag(String keyword, boolean defaultValue) throws UndeterminedException {
            String value = text(keyword, defaultValue ? "yes" : "no").toLowerCase(Locale.ROOT);
            if (!value.equals("yes") && !value.equals("no")) {
                throw invalid(keyword, "yes or no");
            }
            return value.equals("yes");
        }

        long number(String keyword, long defaultValue) throws UndeterminedException {
            try {
                return Long.parseLong(text(keyword, Long.toString(defaultValue)));
            } catch (NumberFormatException e) {
                throw invalid(keyword, "a whole number");
            }
        }

        long seconds(String keyword, long defaultValue) throws UndeterminedException {
            try {
                return parseSeconds(text(keyword, Long.toString(defaultValue)));
            } catch (IllegalArgumentException e) {
                throw invalid(keyword, "a time value such as 30, 2m or 1h30m");
            }
        }

        List<String> algorithms(String keyword, List<String> defaults) {
            Setting setting = keywords.get(keyword);
            return setting == null ? defaults : algorithmList(setting.value(), defaults);
        }

        UndeterminedException invalid(String keyword, String expected) {
            Setting setting = keywords.get(keyword);
            return new UndeterminedException(
                    setting.location() + ": " + keyword + " must be " + expected + ", got '" + setting.value() + "'");
        }
    }
}
