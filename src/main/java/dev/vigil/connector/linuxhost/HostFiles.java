package dev.vigil.connector.linuxhost;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the observed host's files below its root directory, so that a mounted host root or a test fixture
 * tree reads exactly like the real {@code /}. Paths are given as the host sees them ({@code /etc/passwd}).
 *
 * <p>A missing file is a normal answer ({@link Optional#empty()}); a file that exists but cannot be read
 * raises {@link HostReadException} whose message names the file and the error. What was read is kept as raw
 * evidence, capped at {@link #RAW_LIMIT} characters, unless read with {@link #readUnrecorded}.
 */
final class HostFiles {

    static final int RAW_LIMIT = 64 * 1024;
    private static final int MAX_SYMBOLIC_LINKS = 40;
    private static final String TRUNCATION_NOTE = "\n[truncated at 64 KiB]";

    private final Path root;
    private final Map<String, String> raw = new LinkedHashMap<>();

    HostFiles(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /**
     * The path below the root for a host path, following symbolic links of the last component the way the
     * host would: an absolute link target is taken relative to the root, never to the machine running Vigil.
     */
    Path resolve(String hostPath) {
        String current = normalize(hostPath);
        Path path = below(current);
        for (int links = 0; links < MAX_SYMBOLIC_LINKS && Files.isSymbolicLink(path); links++) {
            try {
                current = normalize(Path.of(current)
                        .resolveSibling(Files.readSymbolicLink(path))
                        .toString());
            } catch (IOException e) {
                return path;
            }
            path = below(current);
        }
        return path;
    }

    /** The path below the root for a host path, without following symbolic links. */
    Path locate(String hostPath) {
        return below(normalize(hostPath));
    }

    /** Whether the entry exists at all, even as a dangling symbolic link. */
    boolean exists(String hostPath) {
        return Files.exists(locate(hostPath), LinkOption.NOFOLLOW_LINKS);
    }

    boolean isDirectory(String hostPath) {
        return Files.isDirectory(resolve(hostPath));
    }

    /** Reads a text file and keeps it as raw evidence. */
    Optional<String> read(String hostPath) throws HostReadException {
        Optional<String> content = readUnrecorded(hostPath);
        content.ifPresent(text -> record(normalize(hostPath), text));
        return content;
    }

    /** Reads a text file without keeping it as evidence: for secrets (shadow) and bulky files (dpkg status). */
    Optional<String> readUnrecorded(String hostPath) throws HostReadException {
        try {
            return Optional.of(new String(Files.readAllBytes(resolve(hostPath)), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            if (Files.isSymbolicLink(locate(hostPath))) {
                throw new HostReadException(hostPath, "dangling symbolic link");
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new HostReadException(hostPath, describe(e));
        }
    }

    /**
     * Entries of a directory whose names match a glob, as host paths in lexical order; empty when the
     * directory does not exist.
     */
    List<String> list(String hostDirectory, String glob) throws HostReadException {
        String directory = normalize(hostDirectory);
        List<String> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(resolve(directory), glob)) {
            for (Path entry : stream) {
                entries.add(child(directory, entry.getFileName().toString()));
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        } catch (IOException e) {
            throw new HostReadException(directory, describe(e));
        }
        Collections.sort(entries);
        return entries;
    }

    /** Keeps a raw observation (file content, derived facts, command output) as evidence. */
    void record(String source, String content) {
        raw.put(
                source,
                content.length() <= RAW_LIMIT
                        ? content
                        : content.substring(0, RAW_LIMIT - TRUNCATION_NOTE.length()) + TRUNCATION_NOTE);
    }

    Map<String, String> raw() {
        return Collections.unmodifiableMap(raw);
    }

    /** The host path of a path below the root, for example {@code /etc/motd}. */
    String hostPath(Path path) {
        return "/" + root.relativize(path);
    }

    static String child(String hostDirectory, String name) {
        return hostDirectory.endsWith("/") ? hostDirectory + name : hostDirectory + "/" + name;
    }

    /** A short lower-case description of an I/O error, for example "permission denied". */
    static String describe(IOException e) {
        String reason;
        if (e instanceof AccessDeniedException) {
            reason = "permission denied";
        } else if (e instanceof NoSuchFileException) {
            reason = "no such file";
        } else if (e instanceof FileSystemException fileSystemException && fileSystemException.getReason() != null) {
            reason = fileSystemException.getReason();
        } else {
            reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
        return reason.isEmpty() ? reason : reason.substring(0, 1).toLowerCase(Locale.ROOT) + reason.substring(1);
    }

    private static String normalize(String hostPath) {
        return Path.of("/").resolve(hostPath).normalize().toString();
    }

    private Path below(String normalizedHostPath) {
        return normalizedHostPath.equals("/") ? root : root.resolve(normalizedHostPath.substring(1));
    }

    /** A file of the host that exists but cannot be read; the message is ready to show to users. */
    static final class HostReadException extends IOException {

        HostReadException(String hostPath, String reason) {
            super("cannot read " + hostPath + ": " + reason);
        }
    }
}
