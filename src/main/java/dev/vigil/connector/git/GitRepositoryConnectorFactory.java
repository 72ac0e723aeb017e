package dev.vigil.connector.git;

import dev.vigil.connector.CollectionException;
import dev.vigil.connector.CollectionException.Category;
import dev.vigil.connector.Collector;
import dev.vigil.connector.ConfigProperty;
import dev.vigil.connector.ConfigSchema;
import dev.vigil.connector.ConnectorConfiguration;
import dev.vigil.connector.ConnectorDescriptor;
import dev.vigil.connector.ConnectorFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code git-repository} connector: reads one branch of a git repository, either a local clone ({@code
 * path}) or a remote one cloned over HTTPS ({@code url}), and reports it as one {@code repository.git} resource.
 * Everything is read from the branch's last commit, never from a working directory.
 */
public final class GitRepositoryConnectorFactory implements ConnectorFactory {

    public static final String ID = "git-repository";
    public static final String RESOURCE_TYPE = "repository.git";

    static final String PATH = "path";
    static final String URL = "url";
    static final String USERNAME = "username";
    static final String TOKEN = "token";
    static final String BRANCH = "branch";
    static final String SIGNED_COMMITS_WINDOW = "signedCommitsWindow";
    static final String MAX_FILE_BYTES = "maxFileBytes";
    static final String WORK_DIR = "workDir";

    static final long DEFAULT_WINDOW = 50;
    static final long MAX_WINDOW = 10_000;
    static final long DEFAULT_MAX_FILE_BYTES = 1024 * 1024;
    static final long MAX_MAX_FILE_BYTES = 64L * 1024 * 1024;
    /** Used by the factory and the docs when the token is given without a user name. */
    static final String DEFAULT_USERNAME = "x-access-token";

    private static final ConnectorDescriptor DESCRIPTOR = new ConnectorDescriptor(
            ID,
            "Git repository",
            "Reads one branch of a git repository: security policy, code owners, dependencies and SBOM, CI security"
                    + " scans, committed secrets and signed commits.",
            List.of(RESOURCE_TYPE),
            ConfigSchema.of(
                    ConfigProperty.optionalString(
                            PATH,
                            "Local clone",
                            "Absolute path of a clone on the Vigil machine (a working tree or a bare repository). Set"
                                    + " this or the URL, not both."),
                    ConfigProperty.optionalString(
                            URL,
                            "Repository URL",
                            "https:// (or file://) address to clone from. Vigil keeps its own bare clone under the"
                                    + " work directory and fetches on every run. Set this or the local clone, not both."),
                    ConfigProperty.optionalString(
                            USERNAME,
                            "User name",
                            "User name sent with the token over HTTPS. Defaults to " + DEFAULT_USERNAME + "."),
                    new ConfigProperty(
                            TOKEN,
                            ConfigProperty.Type.STRING,
                            "Access token",
                            "Token with read access to the repository, for HTTPS URLs. Leave empty for public"
                                    + " repositories.",
                            false,
                            true,
                            null),
                    ConfigProperty.optionalString(
                            BRANCH,
                            "Branch",
                            "Branch to inspect. Defaults to the repository's HEAD (its default branch)."),
                    ConfigProperty.integer(
                            SIGNED_COMMITS_WINDOW,
                            "Commits checked for signatures",
                            "How many of the branch's latest commits are checked for a signature (1 to " + MAX_WINDOW
                                    + ").",
                            DEFAULT_WINDOW),
                    ConfigProperty.integer(
                            MAX_FILE_BYTES,
                            "Largest file scanned",
                            "Files larger than this many bytes are not searched for secrets; they are counted as"
                                    + " skipped.",
                            DEFAULT_MAX_FILE_BYTES),
                    ConfigProperty.optionalString(
                            WORK_DIR,
                            "Work directory",
                            "Absolute directory under which clones of URL repositories are kept. Defaults to the"
                                    + " system temporary directory.")));

    @Override
    public ConnectorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Collector create(ConnectorConfiguration configuration) throws CollectionException {
        return new GitRepositoryConnector(settings(configuration));
    }

    /** Reads and cross-checks the settings; every problem is a configuration error with a specific message. */
    static Settings settings(ConnectorConfiguration configuration) throws CollectionException {
        Optional<String> path = nonBlank(configuration, PATH);
        Optional<String> url = nonBlank(configuration, URL);
        if (path.isPresent() == url.isPresent()) {
            throw configuration(
                    path.isPresent()
                            ? "Set either path (a local clone) or url (a remote repository), not both."
                            : "Set either path (absolute path of a local clone) or url (https:// address of the"
                                    + " repository).");
        }
        Optional<String> token = nonBlank(configuration, TOKEN);
        Optional<String> username = nonBlank(configuration, USERNAME);
        long window = longSetting(configuration, SIGNED_COMMITS_WINDOW, DEFAULT_WINDOW);
        if (window < 1 || window > MAX_WINDOW) {
            throw configuration(SIGNED_COMMITS_WINDOW + " must be between 1 and " + MAX_WINDOW + ", got " + window);
        }
        long maxFileBytes = longSetting(configuration, MAX_FILE_BYTES, DEFAULT_MAX_FILE_BYTES);
        if (maxFileBytes < 1 || maxFileBytes > MAX_MAX_FILE_BYTES) {
            throw configuration(
                    MAX_FILE_BYTES + " must be between 1 and " + MAX_MAX_FILE_BYTES + ", got " + maxFileBytes);
        }
        Optional<String> branch = nonBlank(configuration, BRANCH);
        if (path.isPresent()) {
            if (token.isPresent() || username.isPresent()) {
                throw configuration("username and token are only used with url; a local clone needs none.");
            }
            Path local = Path.of(path.get());
            if (!local.isAbsolute()) {
                throw configuration("path must be an absolute path, got '" + path.get() + "'");
            }
            return new Settings(local.normalize(), null, null, null, branch.orElse(null), window, maxFileBytes, null);
        }
        URI uri = checkUrl(url.get(), token.isPresent());
        Path workDir = Path.of(nonBlank(configuration, WORK_DIR).orElse(System.getProperty("java.io.tmpdir")));
        if (!workDir.isAbsolute()) {
            throw configuration("workDir must be an absolute path, got '" + workDir + "'");
        }
        return new Settings(
                null,
                uri,
                token.isPresent() ? username.orElse(DEFAULT_USERNAME) : username.orElse(null),
                token.orElse(null),
                branch.orElse(null),
                window,
                maxFileBytes,
                workDir.normalize());
    }

    /** Only https, http and file URLs; credentials go in the token setting, never in the URL. */
    private static URI checkUrl(String url, boolean hasToken) throws CollectionException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw configuration("url must be an https:// (or file://) address; it is not a valid URL (" + e.getReason()
                    + "). SSH addresses such as git@host:org/repo.git are not supported.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!List.of("https", "http", "file").contains(scheme)) {
            throw configuration("url must start with https:// (or file:// for a repository on this machine); SSH"
                    + " addresses are not supported, use the HTTPS address and a token.");
        }
        if (uri.getRawUserInfo() != null && uri.getRawUserInfo().contains(":")) {
            throw configuration("url must not contain a password or token; put it in the token setting, where it is"
                    + " stored encrypted.");
        }
        if (hasToken && scheme.equals("http") && !isLoopback(uri.getHost())) {
            throw configuration("a token is only sent over https://; plain http:// would expose it.");
        }
        if (hasToken && scheme.equals("file")) {
            throw configuration("a token is only used with https:// URLs.");
        }
        return uri;
    }

    private static boolean isLoopback(String host) {
        return host != null
                && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1"));
    }

    private static Optional<String> nonBlank(ConnectorConfiguration configuration, String name) {
        return configuration.string(name).map(String::strip).filter(s -> !s.isEmpty());
    }

    private static long longSetting(ConnectorConfiguration configuration, String name, long defaultValue) {
        Object value = configuration.values().get(name);
        return value instanceof Number n ? n.longValue() : defaultValue;
    }

    static CollectionException configuration(String message) {
        return new CollectionException(Category.CONFIGURATION, message);
    }

    /**
     * The settings of one integration.
     *
     * @param path local clone, or {@code null} in URL mode
     * @param url remote repository, or {@code null} in path mode
     * @param branch branch to read, or {@code null} for the repository's HEAD
     */
    record Settings(
            Path path,
            URI url,
            String username,
            String token,
            String branch,
            long signedCommitsWindow,
            long maxFileBytes,
            Path workDir) {

        /** Where the repository is, for people: never carries the token. */
        String location() {
            return path != null ? path.toString() : url.toString();
        }

        @Override
        public String toString() {
            return "Settings[" + location() + ", branch=" + branch + "]";
        }
    }
}
