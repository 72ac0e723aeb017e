package dev.vigil.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Keycloak for the single sign-on tests, from the server distribution Maven unpacks under {@code
 * target/keycloak} ({@code maven-dependency-plugin}, {@code process-test-resources}). Started once per test JVM on
 * a free loopback port with this JVM's Java, stopped when the JVM ends. It gets a realm with a confidential client
 * that requires PKCE, a group mapper, and the groups below; tests add their own people through the admin REST API.
 */
final class KeycloakServer {

    static final String REALM = "vigil-test";
    static final String CLIENT_ID = "vigil";
    static final String CLIENT_SECRET = "test-client-secret-" + UUID.randomUUID();
    static final String PASSWORD = "keycloak-test-password";
    static final List<String> GROUPS = List.of("vigil-owners", "vigil-admins", "auditors", "staff");

    private static final Logger log = LoggerFactory.getLogger(KeycloakServer.class);
    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "admin-" + UUID.randomUUID();
    private static final Pattern LOGIN_FORM = Pattern.compile(
            "<form[^>]*id=\"kc-form-login\"[^>]*>|<form[^>]*action=\"[^\"]*login-actions/authenticate[^\"]*\"[^>]*>");
    private static final Pattern ACTION = Pattern.compile("action=\"([^\"]+)\"");
    private static KeycloakServer shared;

    private final Process process;
    private final int port;
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient admin =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> groupIds = new ConcurrentHashMap<>();

    /** The started server with its realm; the first call starts it. */
    static synchronized KeycloakServer shared() {
        if (shared == null) {
            KeycloakServer server = new KeycloakServer();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "keycloak-stop"));
            server.createRealm();
            shared = server;
        }
        return shared;
    }

    private KeycloakServer() {
        Path home = Path.of(System.getProperty("vigil.test.keycloak-home", "target/keycloak/keycloak-26.7.3"));
        Path script = home.resolve("bin/kc.sh");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("No Keycloak at " + home.toAbsolutePath()
                    + ": run the tests through Maven, which unpacks org.keycloak:keycloak-quarkus-dist there");
        }
        port = freePort();
        Path logFile = home.getParent().resolve("keycloak.log");
        ProcessBuilder builder = new ProcessBuilder(
                        "/bin/sh",
                        script.toAbsolutePath().toString(),
                        "start-dev",
                        "--http-host=127.0.0.1",
                        "--http-port=" + port,
                        // A fresh in-memory database each start: no realm or admin left over from an earlier run.
                        "--db=dev-mem",
                        "--health-enabled=false",
                        "--metrics-enabled=false")
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        // Keycloak 26 runs on Java 17 and later: the JVM running the tests will do.
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Instant started = Instant.now();
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady(logFile);
        log.info(
                "Keycloak started on port {} in {} s",
                port,
                Duration.between(started, Instant.now()).toSeconds());
    }

    /** The realm's issuer, as Vigil is configured with it. */
    String issuer() {
        return "http://127.0.0.1:" + port + "/realms/" + REALM;
    }

    /** Creates a person with a password, in the given groups; returns their id at Keycloak. */
    String createUser(String email, boolean emailVerified, String... groups) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", email);
        user.put("email", email);
        user.put("emailVerified", emailVerified);
        user.put("enabled", true);
        user.put("firstName", "Test");
        user.put("lastName", email.substring(0, email.indexOf('@')));
        user.put("credentials", List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false)));
        HttpResponse<String> created = send("POST", "/admin/realms/" + REALM + "/users", user);
        String id = created.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
        setGroups(id, groups);
        return id;
    }

    /** Replaces a person's groups. */
    void setGroups(String userId, String... groups) {
        String path = "/admin/realms/" + REALM + "/users/" + userId + "/groups";
        JsonNode current = json.readTree(send("GET", path, null).body());
        for (JsonNode group : current) {
            send("DELETE", path + "/" + group.get("id").asString(), null);
        }
        for (String group : groups) {
            send("PUT", path + "/" + groupIds.get(group), null);
        }
    }

    /**
     * Plays the browser at the provider: opens the authorization URL Vigil redirected to, fills in the login form
     * and returns where the provider sends the browser back to (Vigil's redirect URI with code and state). A new
     * cookie jar each time, so no provider session carries over between sign-ins.
     */
    URI login(URI authorizationUrl, String username) throws IOException, InterruptedException {
        HttpClient browser = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        // Keycloak marks its cookies Secure (browsers accept that on loopback; java.net.CookieManager does not),
        // so this browser keeps its own jar.
        Map<String, String> cookies = new LinkedHashMap<>();
        HttpResponse<String> page = browser.send(
                withCookies(HttpRequest.newBuilder(authorizationUrl), cookies)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        keep(page, cookies);
        if (page.statusCode() != 200) {
            throw new IllegalStateException("The provider answered " + page.statusCode() + ": " + page.body());
        }
        Matcher form = LOGIN_FORM.matcher(page.body());
        if (!form.find()) {
            throw new IllegalStateException("No login form in: " + page.body());
        }
        Matcher action = ACTION.matcher(form.group());
        if (!action.find()) {
            throw new IllegalStateException("No form action in: " + form.group());
        }
        URI target = URI.create(action.group(1).replace("&amp;", "&"));
        HttpResponse<String> answer = browser.send(
                withCookies(HttpRequest.newBuilder(target), cookies)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                form(Map.of("username", username, "password", PASSWORD, "credentialId", ""))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 302) {
            throw new IllegalStateException(
                    "The provider did not accept the sign-in (" + answer.statusCode() + "): " + answer.body());
        }
        return URI.create(answer.headers().firstValue("Location").orElseThrow());
    }

    private static HttpRequest.Builder withCookies(HttpRequest.Builder request, Map<String, String> cookies) {
        if (!cookies.isEmpty()) {
            request.header(
                    "Cookie",
                    cookies.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining("; ")));
        }
        return request;
    }

    private static void keep(HttpResponse<?> response, Map<String, String> cookies) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            int equals = pair.indexOf('=');
            if (equals > 0) {
                String name = pair.substring(0, equals).strip();
                String value = pair.substring(equals + 1).strip();
                if (value.isEmpty() || header.toLowerCase(java.util.Locale.ROOT).contains("max-age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
        }
    }

    private void createRealm() {
        send("DELETE", "/admin/realms/" + REALM, null, 204, 404);
        send("POST", "/admin/realms", Map.of("realm", REALM, "enabled", true, "sslRequired", "none"));
        Map<String, Object> groupsMapper = Map.of(
                "name",
                "groups",
                "protocol",
                "openid-connect",
                "protocolMapper",
                "oidc-group-membership-mapper",
                "config",
                Map.of(
                        "claim.name", "groups",
                        "full.path", "false",
                        "id.token.claim", "true",
                        "access.token.claim", "true",
                        "userinfo.token.claim", "true"));
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", CLIENT_ID);
        client.put("protocol", "openid-connect");
        client.put("publicClient", false);
        client.put("secret", CLIENT_SECRET);
        client.put("standardFlowEnabled", true);
        client.put("directAccessGrantsEnabled", false);
        client.put("redirectUris", List.of("http://localhost/login/oauth2/code/oidc"));
        // The provider refuses an authorization request without a S256 code challenge.
        client.put("attributes", Map.of("pkce.code.challenge.method", "S256"));
        client.put("protocolMappers", List.of(groupsMapper));
        send("POST", "/admin/realms/" + REALM + "/clients", client);
        for (String group : GROUPS) {
            HttpResponse<String> created = send("POST", "/admin/realms/" + REALM + "/groups", Map.of("name", group));
            groupIds.put(
                    group,
                    created.headers().firstValue("Location").orElseThrow().replaceAll(".*/", ""));
        }
    }

    private HttpResponse<String> send(String method, String path, Object body, int... accepted) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Bearer " + adminToken())
                    .timeout(Duration.ofSeconds(30));
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = admin.send(request.build(), HttpResponse.BodyHandlers.ofString());
            boolean ok = accepted.length == 0
                    ? response.statusCode() / 100 == 2
                    : java.util.Arrays.stream(accepted).anyMatch(code -> code == response.statusCode());
            if (!ok) {
                throw new IllegalStateException(
                        method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String adminToken() throws IOException, InterruptedException {
        HttpResponse<String> response = admin.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/realms/master/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form(Map.of(
                                "grant_type",
                                "password",
                                "client_id",
                                "admin-cli",
                                "username",
                                ADMIN,
                                "password",
                                ADMIN_PASSWORD))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("No admin token: " + response.body());
        }
        return json.readTree(response.body()).get("access_token").asString();
    }

    private void awaitReady(Path logFile) {
        HttpClient probe =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI discovery = URI.create("http://127.0.0.1:" + port + "/realms/master/.well-known/openid-configuration");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak stopped while starting; see " + logFile.toAbsolutePath());
            }
            try {
                if (probe.send(HttpRequest.newBuilder(discovery).GET().build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        stop();
        throw new IllegalStateException("Keycloak did not start within 4 minutes; see " + logFile.toAbsolutePath());
    }

    private void stop() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
