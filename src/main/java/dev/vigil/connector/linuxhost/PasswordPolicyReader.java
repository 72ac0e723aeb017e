package dev.vigil.connector.linuxhost;

import dev.vigil.connector.linuxhost.HostFiles.HostReadException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads how local passwords are hashed and constrained. The PAM password stack decides when it names an
 * algorithm; otherwise {@code ENCRYPT_METHOD} in login.defs; otherwise the hashes already in shadow show it.
 * A minimum length is only reported when pam_pwquality (or pam_cracklib) is in the stack: its configuration
 * file alone enforces nothing.
 */
final class PasswordPolicyReader {

    private static final List<String> PAM_PASSWORD_STACKS =
            List.of("/etc/pam.d/common-password", "/etc/pam.d/system-auth");
    private static final String LOGIN_DEFS = "/etc/login.defs";
    private static final String PWQUALITY_CONF = "/etc/security/pwquality.conf";
    private static final Map<String, String> PAM_UNIX_ALGORITHMS = Map.of(
            "yescrypt",
            "yescrypt",
            "sha512",
            "sha512",
            "sha256",
            "sha256",
            "blowfish",
            "bcrypt",
            "md5",
            "md5",
            "bigcrypt",
            "des");
    private static final long PWQUALITY_DEFAULT_MINIMUM_LENGTH = 8;
    private static final long CRACKLIB_DEFAULT_MINIMUM_LENGTH = 9;
    private static final long NEVER_EXPIRES = 99999;

    /** One "password" line of a PAM stack: the module file name and its options. */
    private record PamModule(String name, List<String> options) {

        Optional<String> option(String key) {
            return options.stream()
                    .filter(option -> option.startsWith(key + "="))
                    .map(option -> option.substring(key.length() + 1))
                    .findFirst();
        }
    }

    private final HostFiles files;
    private final ShadowFile shadow;

    PasswordPolicyReader(HostFiles files, ShadowFile shadow) {
        this.files = files;
        this.shadow = shadow;
    }

    Map<String, Object> read() throws HostReadException {
        String stackFile = null;
        List<PamModule> stack = List.of();
        for (String candidate : PAM_PASSWORD_STACKS) {
            Optional<String> content = files.read(candidate);
            if (content.isPresent()) {
                stackFile = candidate;
                stack = passwordModules(content.get());
                break;
            }
        }
        Map<String, String> loginDefs = loginDefs(files.read(LOGIN_DEFS).orElse(""));

        String algorithm = null;
        String source = null;
        Optional<String> pamAlgorithm = stack.stream()
                .filter(module -> module.name().equals("pam_unix.so"))
                .flatMap(module -> module.options().stream())
                .filter(PAM_UNIX_ALGORITHMS::containsKey)
                .map(PAM_UNIX_ALGORITHMS::get)
                .findFirst();
        if (pamAlgorithm.isPresent()) {
            algorithm = pamAlgorithm.get();
            source = stackFile;
        } else if (loginDefs.containsKey("ENCRYPT_METHOD")) {
            algorithm = fromEncryptMethod(loginDefs.get("ENCRYPT_METHOD"));
            source = LOGIN_DEFS;
        } else if (!shadow.hashAlgorithms().isEmpty()) {
            algorithm = mostCommon(shadow.hashAlgorithms());
            source = ShadowFile.PATH;
        }

        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("hashingAlgorithm", algorithm == null ? "unknown" : algorithm);
        policy.put(
                "source",
                source == null ? "none: no PAM algorithm option, no ENCRYPT_METHOD, no password hashes" : source);
        policy.put("maxDays", maxDays(loginDefs.get("PASS_MAX_DAYS")));
        policy.put("minLength", minimumLength(stack));
        return policy;
    }

    private Long minimumLength(List<PamModule> stack) throws HostReadException {
        for (PamModule module : stack) {
            boolean pwquality = module.name().equals("pam_pwquality.so");
            if (pwquality || module.name().equals("pam_cracklib.so")) {
                Optional<String> length = module.option("minlen");
                if (length.isEmpty() && pwquality) {
                    length = files.read(PWQUALITY_CONF).flatMap(content -> IniSettings.lastValue(content, "minlen"));
                }
                if (length.isEmpty()) {
                    return pwquality ? PWQUALITY_DEFAULT_MINIMUM_LENGTH : CRACKLIB_DEFAULT_MINIMUM_LENGTH;
                }
                return length.get().matches("\\d{1,9}") ? Long.valueOf(length.get()) : null;
            }
        }
        return null;
    }

    /** Lines such as {@code password [success=1 default=ignore] pam_unix.so obscure yescrypt}. */
    private static List<PamModule> passwordModules(String stack) {
        List<PamModule> modules = new ArrayList<>();
        for (String line :
                stack.lines().map(line -> line.replaceAll("#.*", "").strip()).toList()) {
            if (!line.startsWith("password") && !line.startsWith("-password")) {
                continue;
            }
            String rest = line.substring(line.indexOf("password") + "password".length())
                    .strip();
            rest = rest.startsWith("[") && rest.contains("]")
                    ? rest.substring(rest.indexOf(']') + 1)
                    : rest.replaceFirst("^\\S+", "");
            List<String> words = Arrays.asList(rest.strip().split("\\s+"));
            if (!words.get(0).isEmpty()) {
                String path = words.get(0);
                modules.add(new PamModule(path.substring(path.lastIndexOf('/') + 1), words.subList(1, words.size())));
            }
        }
        return modules;
    }

    private static Map<String, String> loginDefs(String content) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : content.lines().map(String::strip).toList()) {
            String[] keyAndValue = line.split("\\s+", 2);
            if (!line.startsWith("#") && keyAndValue.length == 2) {
                settings.put(keyAndValue[0], keyAndValue[1].replace("\"", "").strip());
            }
        }
        return settings;
    }

    private static String fromEncryptMethod(String method) {
        String lower = method.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "yescrypt", "sha512", "sha256", "bcrypt", "md5", "des" -> lower;
            default -> "unknown";
        };
    }

    /** PASS_MAX_DAYS 99999 (or -1, or absent) means passwords never expire: null. */
    private static Long maxDays(String value) {
        if (value == null || !value.matches("-?\\d+")) {
            return null;
        }
        long days = Long.parseLong(value);
        return days < 0 || days >= NEVER_EXPIRES ? null : days;
    }

    private static String mostCommon(List<String> algorithms) {
        Map<String, Long> counts = algorithms.stream()
                .collect(Collectors.groupingBy(Function.identity(), LinkedHashMap::new, Collectors.counting()));
        return counts.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow()
                .getKey();
    }
}
