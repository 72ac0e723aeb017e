package dev.vigil.connector.linuxhost;

import dev.vigil.connector.linuxhost.HostFiles.HostReadException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The password field of each account in {@code /etc/shadow}. The file holds password hashes, so it is never
 * kept as evidence; only derived facts per account (empty, locked, hash algorithm) are.
 *
 * @param passwordFields account name to password field, empty when the file could not be read
 * @param problem why the file could not be read, or {@code null}
 */
record ShadowFile(Map<String, String> passwordFields, String problem) {

    static final String PATH = "/etc/shadow";

    static ShadowFile read(HostFiles files) {
        Optional<String> content;
        try {
            content = files.readUnrecorded(PATH);
        } catch (HostReadException e) {
            return new ShadowFile(Map.of(), e.getMessage());
        }
        if (content.isEmpty()) {
            return new ShadowFile(Map.of(), PATH + " does not exist");
        }
        Map<String, String> passwordFields = new LinkedHashMap<>();
        for (String line : content.get().lines().toList()) {
            String[] fields = line.split(":", -1);
            if (fields.length >= 2 && !fields[0].isBlank()) {
                passwordFields.putIfAbsent(fields[0], fields[1]);
            }
        }
        StringBuilder facts = new StringBuilder();
        passwordFields.forEach((name, field) ->
                facts.append(name).append(": ").append(describe(field)).append('\n'));
        files.record(PATH + " (derived facts, no hashes)", facts.toString());
        return new ShadowFile(passwordFields, null);
    }

    boolean readable() {
        return problem == null;
    }

    /** Algorithms of the password hashes present, locked accounts included. */
    List<String> hashAlgorithms() {
        return passwordFields.values().stream()
                .map(field -> field.startsWith("!") ? field.substring(1) : field)
                .filter(ShadowFile::isHash)
                .map(ShadowFile::algorithm)
                .toList();
    }

    /** An empty field lets anyone log in without a password. */
    static boolean isEmpty(String passwordField) {
        return passwordField.isEmpty();
    }

    /** "!" (passwd -l) and "*" or any other non-hash value make password login impossible. */
    static boolean isLocked(String passwordField) {
        return !passwordField.isEmpty() && (passwordField.startsWith("!") || !isHash(passwordField));
    }

    /** The hashing algorithm of a crypt(3) hash: yescrypt, sha512, sha256, bcrypt, md5, des or unknown. */
    static String algorithm(String hash) {
        if (hash.startsWith("$y$")) {
            return "yescrypt";
        } else if (hash.startsWith("$6$")) {
            return "sha512";
        } else if (hash.startsWith("$5$")) {
            return "sha256";
        } else if (hash.startsWith("$2b$") || hash.startsWith("$2a$") || hash.startsWith("$2y$")) {
            return "bcrypt";
        } else if (hash.startsWith("$1$")) {
            return "md5";
        } else if (hash.length() == 13 && hash.matches("[./0-9A-Za-z]+")) {
            return "des";
        }
        return "unknown";
    }

    private static boolean isHash(String field) {
        return field.startsWith("$") || (field.length() == 13 && field.matches("[./0-9A-Za-z]+"));
    }

    private static String describe(String field) {
        if (isEmpty(field)) {
            return "empty password";
        }
        if (isLocked(field)) {
            return isHash(field.substring(1)) ? "locked (" + algorithm(field.substring(1)) + " hash)" : "locked";
        }
        return "password set (" + algorithm(field) + " hash)";
    }
}
