package dev.vigil.connector.linuxhost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads mode, owner and group of the files that guard local authentication. Owners are named from the
 * host's own passwd and group files, not from the machine running Vigil.
 */
final class FilePermissionsReader {

    static final List<String> GUARDED_FILES =
            List.of("/etc/passwd", "/etc/shadow", "/etc/gshadow", "/etc/group", "/etc/ssh/sshd_config");

    private FilePermissionsReader() {}

    static Map<String, Object> read(HostFiles files) throws IOException {
        Map<Long, String> users = idNames(files, "/etc/passwd");
        Map<Long, String> groups = idNames(files, "/etc/group");
        Map<String, Object> permissions = new LinkedHashMap<>();
        for (String hostPath : GUARDED_FILES) {
            Path path = files.resolve(hostPath);
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Map<String, Object> attributes;
            try {
                attributes = Files.readAttributes(path, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                throw new HostFiles.HostReadException(hostPath, HostFiles.describe(e));
            }
            long uid = ((Integer) attributes.get("uid")).longValue();
            long gid = ((Integer) attributes.get("gid")).longValue();
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("mode", String.format("%04o", (Integer) attributes.get("mode") & 07777));
            file.put("owner", users.getOrDefault(uid, Long.toString(uid)));
            file.put("group", groups.getOrDefault(gid, Long.toString(gid)));
            permissions.put(hostPath, file);
        }
        return permissions;
    }

    /** Id to name from a passwd or group file; ids stay numeric when the file cannot be read. */
    private static Map<Long, String> idNames(HostFiles files, String hostPath) {
        Map<Long, String> names = new LinkedHashMap<>();
        try {
            for (String line : files.read(hostPath).orElse("").lines().toList()) {
                String[] fields = line.split(":", -1);
                if (fields.length >= 3 && fields[2].matches("\\d{1,10}")) {
                    names.putIfAbsent(Long.parseLong(fields[2]), fields[0]);
                }
            }
        } catch (HostFiles.HostReadException e) {
            // Numeric ids are still a true answer.
        }
        return names;
    }
}
