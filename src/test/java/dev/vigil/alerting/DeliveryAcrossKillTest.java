package dev.vigil.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.LinuxHostFixtures;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Vigil process killed (SIGKILL) while delivering an alert loses nothing and sends nothing twice beyond what
 * the idempotency key absorbs: a second process on the same database re-sends the leased delivery with the same
 * key, and the receiver, which drops repeated keys, sees exactly one alert.
 */
class DeliveryAcrossKillTest {

    private static final String TOKEN = "kill-test-token-0123456789abcdef";

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anAlertInFlightWhenTheProcessIsKilledIsDeliveredOnceAfterRestart() throws Exception {
        List<String> keys = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstRequest = new CountDownLatch(1);
        AtomicBoolean hang = new AtomicBoolean(true);
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            firstRequest.countDown();
            if (hang.get()) {
                // The receiver has the alert but the sender never hears back: the worst moment to die.
                try {
                    Thread.sleep(120_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();

        Path root = copyFixture(work.resolve("host"));
        Path sshd = root.resolve("etc/ssh/sshd_config");
        Files.writeString(sshd, "PermitRootLogin no\n" + Files.readString(sshd));

        try (EmbeddedPostgres database = EmbeddedPostgres.builder()
                .setDataDirectory(work.resolve("pg"))
                .setCleanDataDirectory(true)
                .start()) {
            try (Connection admin = database.getPostgresDatabase().getConnection();
                    Statement statement = admin.createStatement()) {
                statement.execute("create role vigil login password 'kill-test-password'");
                statement.execute("create database vigil owner vigil");
            }
            String url = "jdbc:postgresql://127.0.0.1:" + database.getPort() + "/vigil";

            Process first = start(url, work.resolve("first.log"));
            int port = awaitUp(first, work.resolve("first.log"));
            String base = "http://127.0.0.1:" + port;
            call(
                    base,
                    "POST",
                    "/api/v1/alert-channels",
                    "{\"type\":\"webhook\",\"name\":\"Receiver\",\"config\":{"
                            + "\"url\":\"http://127.0.0.1:"
                            + receiver.getAddress().getPort() + "/hook\","
                            + "\"secret\":\"kill-test-signing-secret\"}}");
            String integration = call(
                            base,
                            "POST",
                            "/api/v1/integrations",
                            "{\"connector\":\"linux-host\","
                                    + "\"name\":\"Host\",\"intervalMinutes\":60,\"config\":{\"rootPath\":\"" + root
                                    + "\"}}")
                    .replaceAll("(?s).*\"id\":\"([0-9a-f-]+)\".*", "$1");
            await().atMost(Duration.ofSeconds(60)).until(() -> succeededRuns(base, integration) >= 1);

            Files.writeString(sshd, Files.readString(sshd).replace("PermitRootLogin no", "PermitRootLogin yes"));
            call(base, "POST", "/api/v1/integrations/" + integration + "/runs", null);
            assertThat(firstRequest.await(90, TimeUnit.SECONDS))
                    .as("the alert reached the receiver")
                    .isTrue();

            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(deliveryStates(url)).containsExactly("SENDING");
            hang.set(false);

            Process second = start(url, work.resolve("second.log"));
            try {
                awaitUp(second, work.resolve("second.log"));
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> deliveryStates(url).equals(List.of("DELIVERED")));
                Thread.sleep(3_000);
                assertThat(keys)
                        .as("sent again after the lease ended, with the same key")
                        .hasSize(2);
                assertThat(keys.stream().distinct().count())
                        .as("one alert once repeated keys are dropped")
                        .isEqualTo(1);
                assertThat(count(url, "select count(*) from alert")).isEqualTo(1);
                assertThat(count(url, "select count(*) from alert_notice")).isEqualTo(1);
            } finally {
                second.destroy();
                second.waitFor(30, TimeUnit.SECONDS);
            }
        } finally {
            receiver.stop(0);
        }
    }

    private Process start(String databaseUrl, Path log) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.vigil.VigilApplication",
                "--vigil.alerting.delivery-lease=3s",
                "--vigil.alerting.send-timeout=300s",
                "--vigil.alerting.retry-backoff=500ms");
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("VIGIL_DATA_DIR", work.resolve("data").toString());
        builder.environment().put("VIGIL_DATABASE_URL", databaseUrl);
        builder.environment().put("VIGIL_DATABASE_USERNAME", "vigil");
        builder.environment().put("VIGIL_DATABASE_PASSWORD", "kill-test-password");
        builder.environment().put("VIGIL_ADMIN_EMAIL", "owner@example.com");
        builder.environment().put("VIGIL_ADMIN_PASSWORD", "correct-horse-battery-staple");
        builder.environment().put("VIGIL_ADMIN_API_TOKEN", TOKEN);
        builder.environment().put("VIGIL_DEMO", "false");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        Process process = builder.start();
        Files.writeString(work.resolve(log.getFileName() + ".port"), Integer.toString(port));
        return process;
    }

    private int awaitUp(Process process, Path log) throws IOException {
        int port = Integer.parseInt(Files.readString(work.resolve(log.getFileName() + ".port")));
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("Vigil exited while starting:\n" + Files.readString(log));
                    }
                    try {
                        return http.send(
                                                HttpRequest.newBuilder(URI.create(
                                                                "http://127.0.0.1:" + port + "/actuator/health"))
                                                        .build(),
                                                HttpResponse.BodyHandlers.discarding())
                                        .statusCode()
                                == 200;
                    } catch (IOException e) {
                        return false;
                    }
                });
        return port;
    }

    private String call(String base, String method, String path, String body) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as(method + " " + path + ": " + response.body())
                .isLessThan(300);
        return response.body();
    }

    private long succeededRuns(String base, String integration) throws Exception {
        String runs = call(base, "GET", "/api/v1/integrations/" + integration + "/runs", null);
        return runs.split("\"SUCCEEDED\"", -1).length - 1;
    }

    private static List<String> deliveryStates(String url) throws Exception {
        List<String> states = new ArrayList<>();
        try (Connection connection = java.sql.DriverManager.getConnection(url, "vigil", "kill-test-password");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select state from alert_delivery")) {
            while (rows.next()) {
                states.add(rows.getString(1));
            }
        }
        return states;
    }

    private static long count(String url, String sql) throws Exception {
        try (Connection connection = java.sql.DriverManager.getConnection(url, "vigil", "kill-test-password");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Path copyFixture(Path target) throws IOException {
        return LinuxHostFixtures.copy("debian12-stock", target);
    }
}
