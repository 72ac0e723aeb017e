package dev.vigil.connector.linuxhost;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds files and directories any local user may modify in system paths. Directories with the sticky bit
 * (like /tmp) are excluded: there users can only change their own files. Symbolic links are never followed,
 * and the scan stops after {@link #ENTRY_LIMIT} entries so a huge tree cannot stall a run; {@code truncated}
 * then says the count is a lower bound.
 */
final class WorldWritableScanner {

    static final int ENTRY_LIMIT = 200_000;
    static final int LISTED_FILES = 50;
    private static final int STICKY_BIT = 01000;

    private final HostFiles files;
    private final int entryLimit;
    private long entries;
    private long count;
    private long unreadable;
    private final List<String> listed = new ArrayList<>();

    WorldWritableScanner(HostFiles files) {
        this(files, ENTRY_LIMIT);
    }

    WorldWritableScanner(HostFiles files, int entryLimit) {
        this.files = files;
        this.entryLimit = entryLimit;
    }

    Map<String, Object> scan(List<String> hostPaths) throws IOException {
        List<String> scanned = new ArrayList<>();
        boolean truncated = false;
        for (String hostPath : hostPaths) {
            Path start = files.locate(hostPath);
            if (!Files.exists(start, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            scanned.add(hostPath);
            if (!walk(start)) {
                truncated = true;
                break;
            }
        }
        listed.sort(null);
        files.record(
                "world-writable scan",
                "visited " + entries + " entries under " + scanned + "; " + count + " world-writable; " + unreadable
                        + " could not be read" + (truncated ? "; stopped at the entry limit" : ""));
        Map<String, Object> worldWritable = new LinkedHashMap<>();
        worldWritable.put("scannedPaths", List.copyOf(scanned));
        worldWritable.put("count", count);
        worldWritable.put("files", List.copyOf(listed));
        worldWritable.put("truncated", truncated);
        return worldWritable;
    }

    /** Walks one tree; false when the entry limit stopped it. */
    private boolean walk(Path start) throws IOException {
        boolean[] stopped = {false};
        Files.walkFileTree(start, Set.of(), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes)
                    throws IOException {
                return visit(directory, attributes);
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                return visit(file, attributes);
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                unreadable++;
                return FileVisitResult.CONTINUE;
            }

            private FileVisitResult visit(Path path, BasicFileAttributes attributes) throws IOException {
                if (++entries > entryLimit) {
                    stopped[0] = true;
                    return FileVisitResult.TERMINATE;
                }
                if ((attributes.isRegularFile() || attributes.isDirectory()) && isWorldWritable(path, attributes)) {
                    count++;
                    if (listed.size() < LISTED_FILES) {
                        listed.add(files.hostPath(path));
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return !stopped[0];
    }

    private static boolean isWorldWritable(Path path, BasicFileAttributes attributes) throws IOException {
        PosixFileAttributes posix = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!posix.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
            return false;
        }
        // PosixFileAttributes has no sticky bit; the unix view's full mode has.
        return !attributes.isDirectory()
                || ((Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & STICKY_BIT) == 0;
    }
}
