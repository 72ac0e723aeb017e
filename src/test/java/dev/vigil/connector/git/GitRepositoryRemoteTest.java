package dev.vigil.connector.git;

import static dev.vigil.connector.git.GitFixtures.at;
import static dev.vigil.connector.git.GitFixtures.collect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.connector.CollectionException;
import dev.vigil.connector.ObservedResource;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * URL mode: the connector clones into its work directory and fetches on later runs. Remotes are a bare repository
 * on this machine (file://) and the same repository served over HTTP on loopback by a small server that demands
 * a token (git's "dumb" HTTP protocol: plain files, which JGit reads like any HTTP remote).
 */
class GitRepositoryRemoteTest {

    private static final String TOKEN = "test-token-" + "0123456789";
    /** A valid token of an account that may not read the repository. */
    private static final String FORBIDDEN = "other-account-" + "0123456789";

    @TempDir
    Path temp;

    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private Map<String, Object> urlSettings(String url, Object... more) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("url", url);
        settings.put("workDir", temp.resolve("work").toString());
        for (int i = 0; i < more.length; i += 2) {
            settings.put((String) more[i], more[i + 1]);
        }
        return settings;
    }

    private Path publish(GitFixtures fixtures, GitFixtures.Repo repo) {
        Path bare = temp.resolve("remote/shop.git");
        fixtures.run(temp, "git", "clone", "-q", "--bare", repo.directory().toString(), bare.toString());
        return bare;
    }

    @Test
    void clonesOverFileUrlThenFetchesNewCommits() throws Exception {
        GitFixtures fixtures = new GitFixtures(temp.resolve("home"));
        GitFixtures.Repo repo = fixtures.wellKept(temp.resolve("shop"));
        Path bare = publish(fixtures, repo);
        String url = bare.toUri().toString();

        ObservedResource first = collect(urlSettings(url));

        assertThat(first.externalId()).isEqualTo(url);
        assertThat(first.name()).isEqualTo("shop");
        assertThat(at(first, "repository", "branch").toString()).isEqualTo("main");
        assertThat(at(first, "repository", "commit").toString()).isEqualTo(repo.head());
        assertThat((Long) at(first, "secrets", "count")).isZero();
        assertThat(Files.list(temp.resolve("work").resolve(RepositoryOpener.CACHE_FOLDER)))
                .anyMatch(p -> p.getFileName().toString().startsWith("shop.git-"));

        repo.write("leak.pem", GitFixtures.privateKeyPem()).commit("Oops");
        repo.git("push", "-q", bare.toString(), "main");

        ObservedResource second = collect(urlSettings(url));
        assertThat(at(second, "repository", "commit").toString()).isEqualTo(repo.head());
        assertThat(GitFixtures.list(second, "secrets", "locations")).containsExactly("leak.pem:1 (private key)");
    }

    @Test
    void missingRemoteRepositoryIsAConfigurationError() {
        String url = temp.resolve("nowhere.git").toUri().toString();
        assertThatThrownBy(() -> collect(urlSettings(url)))
                .isInstanceOfSatisfying(
                        CollectionException.class,
                        e -> assertThat(e.category()).isEqualTo(CollectionException.Category.CONFIGURATION));
    }

    @Test
    void unreachableHostIsANetworkError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        assertThatThrownBy(() -> collect(urlSettings("http://127.0.0.1:" + closedPort + "/shop.git")))
                .isInstanceOfSatisfying(CollectionException.class, e -> {
                    assertThat(e.category()).isEqualTo(CollectionException.Category.NETWORK);
                    assertThat(e.category().isTransient()).isTrue();
                })
                .hasMessageContaining("127.0.0.1:" + closedPort);
    }

    @Test
    void httpRemoteNeedsTheRightToken() throws Exception {
        GitFixtures fixtures = new GitFixtures(temp.resolve("home"));
        GitFixtures.Repo repo = fixtures.wellKept(temp.resolve("shop"));
        Path bare = publish(fixtures, repo);
        fixtures.run(bare, "git", "update-server-info");
        String url = serve(bare, "reader", TOKEN) + "/shop.git";

        ObservedResource resource = collect(urlSettings(url, "username", "reader", "token", TOKEN));
        assertThat(at(resource, "repository", "commit").toString()).isEqualTo(repo.head());
        assertThat(GitFixtures.list(resource, "ci", "staticAnalysis")).containsExactly("CodeQL");

        String wrong = "wrong-token-" + "9876543210";
        assertThatThrownBy(() -> collect(urlSettings(url, "username", "reader", "token", wrong)))
                .isInstanceOfSatisfying(
                        CollectionException.class,
                        e -> assertThat(e.category()).isEqualTo(CollectionException.Category.AUTHENTICATION))
                .hasMessageContaining("refused the token")
                .hasMessageNotContaining(wrong);
        assertThatThrownBy(() -> collect(urlSettings(url)))
                .isInstanceOfSatisfying(
                        CollectionException.class,
                        e -> assertThat(e.category()).isEqualTo(CollectionException.Category.AUTHENTICATION))
                .hasMessageContaining("set a token");
        assertThatThrownBy(() -> collect(urlSettings(url, "username", "reader", "token", FORBIDDEN)))
                .isInstanceOfSatisfying(
                        CollectionException.class,
                        e -> assertThat(e.category()).isEqualTo(CollectionException.Category.PERMISSION))
                .hasMessageNotContaining(FORBIDDEN);
    }

    /** Serves the files of a bare repository's parent folder over HTTP, to requests with the right basic auth. */
    private String serve(Path bare, String user, String token) throws IOException {
        Path root = bare.getParent();
        String expected =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
        String forbidden = "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + FORBIDDEN).getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                if (forbidden.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    respond(exchange, 403, new byte[0]);
                    return;
                }
                if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                    respond(exchange, 401, new byte[0]);
                    return;
                }
                Path file = root.resolve(exchange.getRequestURI().getPath().substring(1))
                        .normalize();
                if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                    respond(exchange, 404, new byte[0]);
                    return;
                }
                respond(exchange, 200, Files.readAllBytes(file));
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
