package dev.vigil.connector.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Walks the tree of one commit once, entry by entry, and gathers everything the attribute document needs. Only
 * one file's content is in memory at a time, so repositories of any size can be read.
 *
 * <p>Symbolic links are blobs holding a target path: they are counted and never followed, on disk or in the
 * tree, so a link loop or a link out of the repository cannot be read through. Submodules (gitlinks) point at
 * other repositories and are counted, not entered. Binary files and files larger than the limit are not searched
 * for secrets and are counted as skipped.
 */
final class TreeScanner {

    static final int MAX_LISTED = 200;
    /** Git's own test for binary content: a NUL byte in the first 8000 bytes. */
    private static final int BINARY_PROBE = 8000;

    private static final Set<String> POLICY_DIRECTORIES = Set.of("", ".github/", "docs/");
    private static final Set<String> CODEOWNERS_DIRECTORIES = Set.of("", ".github/", "docs/", ".gitlab/");
    private static final Pattern CONTACT =
            Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}|https?://\\S+|/security/advisories");
    private static final Map<String, String> SOURCE_EXTENSIONS = sourceExtensions();

    private final ObjectReader reader;
    private final long maxFileBytes;

    // what the walk found
    long files;
    long scannedFiles;
    long skippedBinary;
    long skippedTooLarge;
    long symlinks;
    long submodules;
    long sourceFiles;
    final Set<String> languages = new TreeSet<>();
    final List<String> securityPolicies = new ArrayList<>();
    boolean securityPolicyHasContact;
    final List<String> codeOwnerFiles = new ArrayList<>();
    long codeOwnerRules;
    final List<Map<String, Object>> manifests = new ArrayList<>();
    final List<String> lockfiles = new ArrayList<>();
    final Set<String> ecosystems = new TreeSet<>();
    long manifestCount;
    final List<Map<String, Object>> unreadableManifests = new ArrayList<>();
    final List<Manifests.Dependency> dependencies = new ArrayList<>();
    final Set<String> ciSystems = new TreeSet<>();
    final List<String> ciFiles = new ArrayList<>();
    final List<CiConfiguration.Scanner> scanners = new ArrayList<>();
    final Map<String, List<String>> updateBots = new LinkedHashMap<>();
    final List<SecretScanner.Finding> secrets = new ArrayList<>();
    long secretCount;
    private final Set<String> manifestPaths = new LinkedHashSet<>();
    private final Set<String> lockfilePaths = new LinkedHashSet<>();

    private TreeScanner(ObjectReader reader, long maxFileBytes) {
        this.reader = reader;
        this.maxFileBytes = maxFileBytes;
    }

    long maxFileBytes() {
        return maxFileBytes;
    }

    static TreeScanner scan(Repository repository, RevCommit commit, long maxFileBytes) throws IOException {
        try (ObjectReader reader = repository.newObjectReader();
                TreeWalk walk = new TreeWalk(repository, reader)) {
            TreeScanner scanner = new TreeScanner(reader, maxFileBytes);
            walk.addTree(commit.getTree());
            walk.setRecursive(true);
            while (walk.next()) {
                scanner.visit(walk);
            }
            return scanner;
        }
    }

    private void visit(TreeWalk walk) throws IOException {
        FileMode mode = walk.getFileMode(0);
        if (mode == FileMode.GITLINK) {
            submodules++;
            return;
        }
        if (mode == FileMode.SYMLINK) {
            symlinks++;
            return;
        }
        if (mode.getObjectType() != Constants.OBJ_BLOB) {
            return;
        }
        files++;
        String path = walk.getPathString();
        countSource(path);
        ObjectLoader loader = reader.open(walk.getObjectId(0), Constants.OBJ_BLOB);
        long size = loader.getSize();
        var manifestKind = Manifests.kind(path);
        manifestKind.ifPresent(kind -> recordManifest(path, kind));
        if (size > maxFileBytes) {
            skippedTooLarge++;
            if (manifestKind.isPresent() && !manifestKind.get().lockfile() && Manifests.readable(path)) {
                unreadable(path, "larger than " + maxFileBytes + " bytes");
            }
            return;
        }
        byte[] content = loader.getCachedBytes((int) maxFileBytes);
        if (isBinary(content)) {
            skippedBinary++;
            return;
        }
        scannedFiles++;
        for (SecretScanner.Finding finding :
                SecretScanner.scan(path, new String(content, StandardCharsets.ISO_8859_1))) {
            secretCount++;
            if (secrets.size() < MAX_LISTED) {
                secrets.add(finding);
            }
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        String directory = path.substring(0, path.length() - name.length());
        if (name.equalsIgnoreCase("SECURITY.md") && POLICY_DIRECTORIES.contains(directory) && size > 0) {
            securityPolicies.add(path);
            securityPolicyHasContact |= CONTACT.matcher(utf8(content)).find();
        }
        if (name.equals("CODEOWNERS") && CODEOWNERS_DIRECTORIES.contains(directory)) {
            codeOwnerFiles.add(path);
            codeOwnerRules += ownerRules(utf8(content));
        }
        if (manifestKind.isPresent() && !manifestKind.get().lockfile() && Manifests.readable(path)) {
            try {
                List<Manifests.Dependency> declared = Manifests.read(path, content);
                dependencies.addAll(declared);
            } catch (IllegalArgumentException e) {
                unreadable(path, e.getMessage());
            }
        }
        CiConfiguration.system(path).ifPresent(system -> {
            ciSystems.add(system);
            ciFiles.add(path);
            for (CiConfiguration.Scanner found : CiConfiguration.scanners(path, utf8(content))) {
                if (scanners.size() < MAX_LISTED) {
                    scanners.add(found);
                }
            }
        });
        CiConfiguration.updateBot(path).ifPresent(bot -> {
            if (CiConfiguration.configuresUpdates(bot, utf8(content))) {
                updateBots.computeIfAbsent(bot, b -> new ArrayList<>()).add(path);
            }
        });
    }

    private void recordManifest(String path, Manifests.Kind kind) {
        ecosystems.add(kind.ecosystem());
        if (kind.lockfile()) {
            lockfilePaths.add(path);
            if (lockfiles.size() < MAX_LISTED) {
                lockfiles.add(path);
            }
            return;
        }
        manifestCount++;
        manifestPaths.add(path);
        if (manifests.size() < MAX_LISTED) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("path", path);
            entry.put("ecosystem", kind.ecosystem());
            entry.put("read", Manifests.readable(path));
            manifests.add(entry);
        }
    }

    private void unreadable(String path, String reason) {
        if (unreadableManifests.size() < MAX_LISTED) {
            unreadableManifests.add(Map.of("path", path, "reason", reason));
        }
    }

    /** Manifests of ecosystems that keep a lockfile by convention (npm, Bundler, Composer, Pipenv, Go). */
    long lockableManifestCount() {
        return manifestPaths.stream()
                .filter(p -> Manifests.EXPECTED_LOCKFILES.containsKey(p.substring(p.lastIndexOf('/') + 1)))
                .count();
    }

    /**
     * Manifests whose ecosystem keeps a lockfile by convention but that have none beside them or in a parent
     * directory (workspaces keep one lockfile at their root).
     */
    List<String> manifestsWithoutLockfile() {
        List<String> missing = new ArrayList<>();
        for (String manifest : manifestPaths) {
            String name = manifest.substring(manifest.lastIndexOf('/') + 1);
            List<String> expected = Manifests.EXPECTED_LOCKFILES.get(name);
            if (expected == null) {
                continue;
            }
            if (name.equals("go.mod")
                    && dependencies.stream().noneMatch(d -> d.manifest().equals(manifest))) {
                continue; // a module without requirements has nothing to lock
            }
            boolean locked = false;
            String directory = manifest.substring(0, manifest.length() - name.length());
            while (!locked) {
                for (String lockfile : expected) {
                    locked |= lockfilePaths.contains(directory + lockfile);
                }
                if (directory.isEmpty()) {
                    break;
                }
                int parent = directory.lastIndexOf('/', directory.length() - 2);
                directory = parent < 0 ? "" : directory.substring(0, parent + 1);
            }
            if (!locked && missing.size() < MAX_LISTED) {
                missing.add(manifest);
            }
        }
        return missing;
    }

    private void countSource(String path) {
        int dot = path.lastIndexOf('.');
        if (dot < 0 || dot < path.lastIndexOf('/')) {
            return;
        }
        String language = SOURCE_EXTENSIONS.get(path.substring(dot + 1).toLowerCase(Locale.ROOT));
        if (language != null) {
            sourceFiles++;
            languages.add(language);
        }
    }

    /** CODEOWNERS lines that assign a pattern to at least one owner. */
    private static long ownerRules(String text) {
        long rules = 0;
        for (String line : text.split("\r?\n")) {
            String stripped = line.strip();
            if (stripped.isEmpty()
                    || stripped.startsWith("#")
                    || stripped.startsWith("[")
                    || stripped.startsWith("^[")) {
                continue;
            }
            String[] parts = stripped.split("\\s+");
            for (int i = 1; i < parts.length; i++) {
                if (parts[i].startsWith("#")) {
                    break;
                }
                if (parts[i].contains("@")) {
                    rules++;
                    break;
                }
            }
        }
        return rules;
    }

    private static boolean isBinary(byte[] content) {
        int probe = Math.min(content.length, BINARY_PROBE);
        for (int i = 0; i < probe; i++) {
            if (content[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static String utf8(byte[] content) {
        return new String(content, StandardCharsets.UTF_8);
    }

    private static Map<String, String> sourceExtensions() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String extension : List.of("java", "kt", "kts", "scala", "groovy")) {
            map.put(extension, "JVM");
        }
        for (String extension : List.of("js", "jsx", "mjs", "cjs", "ts", "tsx")) {
            map.put(extension, "JavaScript/TypeScript");
        }
        map.put("py", "Python");
        map.put("go", "Go");
        map.put("rb", "Ruby");
        map.put("rs", "Rust");
        map.put("php", "PHP");
        for (String extension : List.of("cs", "fs", "vb")) {
            map.put(extension, ".NET");
        }
        map.put("swift", "Swift");
        map.put("dart", "Dart");
        for (String extension : List.of("ex", "exs")) {
            map.put(extension, "Elixir");
        }
        for (String extension : List.of("c", "h", "cc", "cpp", "hpp")) {
            map.put(extension, "C/C++");
        }
        return Map.copyOf(map);
    }
}
