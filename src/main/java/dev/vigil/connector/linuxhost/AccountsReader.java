package dev.vigil.connector.linuxhost;

import dev.vigil.connector.linuxhost.HostFiles.HostReadException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads local accounts from {@code /etc/passwd}, with password state from {@code /etc/shadow}. */
final class AccountsReader {

    static final String PASSWD = "/etc/passwd";

    /**
     * @param accounts one map per well-formed passwd line
     * @param malformedLines descriptions of lines that were skipped, as the C library skips them
     */
    record Accounts(List<Map<String, Object>> accounts, List<String> malformedLines) {}

    private AccountsReader() {}

    static Accounts read(HostFiles files, ShadowFile shadow) throws HostReadException, UndeterminedException {
        String passwd = files.read(PASSWD).orElseThrow(() -> new UndeterminedException(PASSWD + " does not exist"));
        List<Map<String, Object>> accounts = new ArrayList<>();
        List<String> malformedLines = new ArrayList<>();
        List<String> lines = passwd.lines().toList();
        for (int index = 0; index < lines.size(); index++) {
            String line = lines.get(index);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split(":", -1);
            if (fields.length != 7 || fields[0].isEmpty() || !isNumber(fields[2]) || !isNumber(fields[3])) {
                malformedLines.add(PASSWD + " line " + (index + 1)
                        + " is malformed (expected name:password:uid:gid:gecos:home:shell) and was skipped");
                continue;
            }
            accounts.add(account(fields, shadow));
        }
        return new Accounts(List.copyOf(accounts), List.copyOf(malformedLines));
    }

    private static Map<String, Object> account(String[] fields, ShadowFile shadow) {
        String shell = fields[6];
        // "x" points to /etc/shadow; anything else is the password field itself (legacy, or empty).
        String passwordField = fields[1].equals("x") ? shadow.passwordFields().get(fields[0]) : fields[1];
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("name", fields[0]);
        account.put("uid", Long.parseLong(fields[2]));
        account.put("gid", Long.parseLong(fields[3]));
        account.put("shell", shell);
        account.put("interactive", !(shell.endsWith("nologin") || shell.endsWith("/false") || shell.equals("false")));
        account.put("emptyPassword", passwordField == null ? null : ShadowFile.isEmpty(passwordField));
        account.put("locked", passwordField == null ? null : ShadowFile.isLocked(passwordField));
        return account;
    }

    private static boolean isNumber(String text) {
        return text.matches("\\d{1,10}");
    }
}
