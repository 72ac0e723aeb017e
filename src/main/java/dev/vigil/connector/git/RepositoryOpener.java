package dev.vigil.connector.git;

import dev.vigil.connector.CollectionException;
import dev.vigil.connector.CollectionException.Category;
import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.util.FS;

/**
 * Opens the repository an integration points at: a local clone as it is, or a remote one through a bare clone
 * kept under the work directory and fetched on every run. JGit's failures become collection errors whose
 * category says whether a retry can help; messages name the location, never the token.
 */
final class RepositoryOpener {

    static final String CACHE_FOLDER = "vigil-git-cache";
    private static final int TIMEOUT_SECONDS = 60;

    private RepositoryOpener() {}

    /** An open repository; closing it releases the clone's lock too. */
    record Opened(Repository repository, java.io.Closeable lock) {
        void close() {
            try {
                repository.close();
            } finally {
                closeQuietly(lock);
            }
        }
    }

    static Opened open(GitRepositoryConnectorFactory.Settings settings, java.util.function.Consumer<String> progress)
            throws CollectionException {
        return settings.path() != null ? openLocal(settings.path()) : openRemote(settings, progress);
    }

    static Opened openLocal(Path path) throws CollectionException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.exists(path)) {
            throw GitRepositoryConnectorFactory.configuration("path " + path + " does not exist");
        }
        if (!Files.isDirectory(path)) {
            throw GitRepositoryConnectorFactory.configuration("path " + path + " is not a directory");
        }
        FileRepositoryBuilder builder = new FileRepositoryBuilder().setMustExist(true);
        File directory = path.toFile();
        if (Files.exists(path.resolve(Constants.DOT_GIT))) {
            builder.setWorkTree(directory); // reads a .git directory or a .git file (worktrees, submodules)
        } else if (RepositoryCache.FileKey.isGitRepository(directory, FS.DETECTED)) {
            builder.setGitDir(directory);
        } else {
            throw GitRepositoryConnectorFactory.configuration(
                    "path " + path + " is not a git repository (no .git inside, and not a bare repository)");
        }
        try {
            return new Opened(builder.build(), null);
        } catch (IOException | IllegalArgumentException e) {
            throw GitRepositoryConnectorFactory.configuration(
                    "path " + path + " is not a readable git repository: " + e.getMessage());
        }
    }

    private static Opened openRemote(
            GitRepositoryConnectorFactory.Settings settings, java.util.function.Consumer<String> progress)
            throws CollectionException {
        Path root = settings.workDir().resolve(CACHE_FOLDER);
        Path clone = root.resolve(cacheKey(settings));
        FileChannel lockChannel = null;
        FileLock lock = null;
        try {
            Files.createDirectories(root);
            lockChannel = FileChannel.open(
                    root.resolve(clone.getFileName() + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = lockChannel.lock();
        } catch (IOException e) {
            closeQuietly(lockChannel);
            throw GitRepositoryConnectorFactory.configuration(
                    "cannot use the work directory " + settings.workDir() + ": " + e.getMessage());
        }
        FileChannel channel = lockChannel;
        FileLock held = lock;
        java.io.Closeable release = () -> {
            try {
                held.release();
            } finally {
                channel.close();
            }
        };
        try {
            Repository repository =
                    Files.isDirectory(clone) && RepositoryCache.FileKey.isGitRepository(clone.toFile(), FS.DETECTED)
                            ? fetch(settings, clone, progress)
                            : cloneFresh(settings, clone, progress);
            return new Opened(repository, release);
        } catch (CollectionException | RuntimeException e) {
            closeQuietly(release);
            throw e;
        }
    }

    private static Repository cloneFresh(
            GitRepositoryConnectorFactory.Settings settings, Path clone, java.util.function.Consumer<String> progress)
            throws CollectionException {
        progress.accept("cloning " + settings.location());
        deleteRecursively(clone);
        try (Git git = Git.cloneRepository()
                .setURI(settings.url().toString())
                .setDirectory(clone.toFile())
                .setBare(true)
                .setCloneAllBranches(true)
                .setTimeout(TIMEOUT_SECONDS)
                .setCredentialsProvider(credentials(settings))
                .call()) {
            progress.accept("cloned " + settings.location() + " into "
                    + git.getRepository().getDirectory());
        } catch (GitAPIException | RuntimeException e) {
            deleteRecursively(clone); // never leave half a clone to be fetched into next time
            throw translate(settings, e);
        }
        return reopen(clone);
    }

    private static Repository fetch(
            GitRepositoryConnectorFactory.Settings settings, Path clone, java.util.function.Consumer<String> progress)
            throws CollectionException {
        progress.accept("fetching " + settings.location());
        Repository repository = reopen(clone);
        try (Git git = new Git(repository)) {
            FetchCommand fetch = git.fetch()
                    .setRemote(settings.url().toString())
                    .setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*"))
                    .setRemoveDeletedRefs(true)
                    .setTimeout(TIMEOUT_SECONDS)
                    .setCredentialsProvider(credentials(settings));
            FetchResult result = fetch.call();
            Ref head = result.getAdvertisedRef(Constants.HEAD);
            if (head != null && head.isSymbolic()) {
                RefUpdate update = repository.updateRef(Constants.HEAD);
                update.link(head.getTarget().getName());
            }
            return repository;
        } catch (GitAPIException | IOException | RuntimeException e) {
            repository.close();
            throw translate(settings, e);
        }
    }

    private static Repository reopen(Path clone) throws CollectionException {
        try {
            return new FileRepositoryBuilder()
                    .setGitDir(clone.toFile())
                    .setMustExist(true)
                    .build();
        } catch (IOException e) {
            throw GitRepositoryConnectorFactory.configuration(
                    "the clone under " + clone + " cannot be opened: " + e.getMessage());
        }
    }

    private static CredentialsProvider credentials(GitRepositoryConnectorFactory.Settings settings) {
        if (settings.token() == null) {
            return null;
        }
        return new UsernamePasswordCredentialsProvider(settings.username(), settings.token());
    }

    /** Sorts JGit's failures into what the user has to do about them. */
    static CollectionException translate(GitRepositoryConnectorFactory.Settings settings, Exception e) {
        String where = settings.location();
        // JGit's messages quote the address; drop it so a "403" or "not found" in a path cannot mislead the sorting
        String message = messageChain(e).replace(settings.url().toString(), "").toLowerCase(Locale.ROOT);
        if (message.contains("not authorized")
                || message.contains("authentication is required")
                || message.contains("authentication not supported")
                || message.contains("401")) {
            return new CollectionException(
                    Category.AUTHENTICATION,
                    settings.token() == null
                            ? where + " asks for credentials; set a token with read access."
                            : where + " refused the token; check that it is valid and may read the repository.",
                    e);
        }
        if (message.contains("not permitted") || message.contains("403")) {
            return new CollectionException(
                    Category.PERMISSION, where + " refused access; the token may not read this repository.", e);
        }
        if (hasCause(e, UnknownHostException.class)) {
            return new CollectionException(Category.NETWORK, "cannot resolve the host of " + where, e);
        }
        if (hasCause(e, ConnectException.class)
                || hasCause(e, NoRouteToHostException.class)
                || hasCause(e, SocketTimeoutException.class)) {
            return new CollectionException(Category.NETWORK, "cannot connect to " + where + ": " + rootCause(e), e);
        }
        if (hasCause(e, NoRemoteRepositoryException.class)
                || e instanceof InvalidRemoteException
                || message.contains("repository not found")
                || message.contains("not found")) {
            return new CollectionException(
                    Category.CONFIGURATION, "no git repository at " + where + " (or the credentials cannot see it)", e);
        }
        if (e instanceof TransportException || hasCause(e, IOException.class)) {
            return new CollectionException(Category.NETWORK, "cannot fetch " + where + ": " + safeMessage(e), e);
        }
        return new CollectionException(Category.INVALID_RESPONSE, "cannot read " + where + ": " + safeMessage(e), e);
    }

    private static String safeMessage(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return safeMessage(cause);
    }

    private static String messageChain(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            text.append(cause.getMessage()).append(" | ");
        }
        return text.toString();
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** One clone per (url, user): a different account may see different branches. */
    private static String cacheKey(GitRepositoryConnectorFactory.Settings settings) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(settings.url().toString().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(String.valueOf(settings.username()).getBytes(StandardCharsets.UTF_8));
            String name = List.of(settings.url().getPath().split("/")).stream()
                    .filter(s -> !s.isEmpty())
                    .reduce((a, b) -> b)
                    .orElse("repository")
                    .replaceAll("[^A-Za-z0-9._-]", "_");
            return name + "-" + HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left behind; the next clone attempt starts by deleting it again
                }
            });
        } catch (IOException e) {
            // as above
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }
}
