package dev.vigil.alerting;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.VigilApplication;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * End-to-end drift-to-alert delay on a real setting (run with {@code bench/drift-to-alert.sh}; not a test).
 *
 * <p>Vigil runs in this JVM with its embedded database; a linux-host integration reads a host tree whose
 * sshd_config the benchmark edits. Event-driven: each trial flips {@code PermitRootLogin}, sends a signed event
 * and measures until the webhook receiver and the SMTP server (GreenMail) have the alert. Polled: the same flip
 * with no event and a one-minute interval. Inbound: signed events per second accepted, and that each one was
 * recorded.
 */
public final class DriftToAlertBenchmark {

    private static final String TOKEN = "bench-token-0123456789abcdef";

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int polledTrials = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int events = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
        Path work = Files.createTempDirectory("vigil-bench");
        Path root = work.resolve("host");
        Files.createDirectories(root.resolve("etc/ssh"));
        Path sshd = root.resolve("etc/ssh/sshd_config");
        Files.writeString(sshd, "PermitRootLogin no\nPasswordAuthentication no\n");

        Map<String, Long> webhookArrivals = new ConcurrentHashMap<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newFixedThreadPool(4));
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes());
            long now = System.nanoTime();
            if (body.contains("\"type\":\"alert.opened\"") || body.contains("\"type\":\"alert.resolved\"")) {
                webhookArrivals.putIfAbsent(exchange.getRequestHeaders().getFirst("Idempotency-Key"), now);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();

        ConfigurableApplicationContext vigil = new SpringApplicationBuilder(VigilApplication.class)
                .run(
                        "--server.port=0",
                        "--vigil.data-dir=" + work.resolve("data"),
                        "--vigil.demo.enabled=false",
                        "--vigil.admin.email=owner@example.com",
                        "--vigil.admin.password=correct-horse-battery-staple",
                        "--vigil.admin.api-token=" + TOKEN,
                        "--vigil.alerting.smtp.host=127.0.0.1",
                        "--vigil.alerting.smtp.port=" + smtp.getSmtp().getPort(),
                        "--vigil.alerting.smtp.starttls=false",
                        "--vigil.alerting.flapping-transitions=100000",
                        "--logging.level.dev.vigil=warn");
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + vigil.getEnvironment().getProperty("local.server.port");
        try {
            post(
                    http,
                    base,
                    "/api/v1/alert-channels",
                    "{\"type\":\"webhook\",\"name\":\"Receiver\",\"config\":{"
                            + "\"url\":\"http://127.0.0.1:"
                            + receiver.getAddress().getPort() + "/hook\","
                            + "\"secret\":\"bench-signing-secret-0000\"}}");
            post(
                    http,
                    base,
                    "/api/v1/alert-channels",
                    "{\"type\":\"email\",\"name\":\"Mail\",\"config\":{\"to\":\"security@example.com\"}}");
            String integration = id(post(
                    http,
                    base,
                    "/api/v1/integrations",
                    "{\"connector\":\"linux-host\","
                            + "\"name\":\"Host\",\"intervalMinutes\":1,\"config\":{\"rootPath\":\"" + root + "\","
                            + "\"worldWritableScanPaths\":\"etc\"}}"));
            Thread.sleep(5_000);
            String secret = post(http, base, "/api/v1/integrations/" + integration + "/event-secret", null)
                    .replaceAll("(?s).*\"secret\":\"([^\"]+)\".*", "$1");

            List<Long> webhook = new ArrayList<>();
            List<Long> email = new ArrayList<>();
            boolean permit = false;
            for (int trial = 0; trial < trials; trial++) {
                permit = !permit;
                int mails = smtp.getReceivedMessages().length;
                int hooks = webhookArrivals.size();
                long start = System.nanoTime();
                Files.writeString(sshd, "PermitRootLogin " + (permit ? "yes" : "no") + "\nPasswordAuthentication no\n");
                String body = "{\"changed\":\"/etc/ssh/sshd_config\"}";
                long timestamp = Instant.now().getEpochSecond();
                HttpResponse<String> accepted = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/api/v1/integrations/" + integration + "/events"))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .header("Vigil-Event-Id", UUID.randomUUID().toString())
                                .header("Vigil-Timestamp", Long.toString(timestamp))
                                .header("Vigil-Signature", "v1=" + WebhookSender.sign(secret, timestamp + "." + body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (accepted.statusCode() != 202) {
                    throw new IllegalStateException("event refused: " + accepted.body());
                }
                while (webhookArrivals.size() == hooks) {
                    Thread.sleep(5);
                }
                webhook.add(latest(webhookArrivals) - start);
                smtp.waitForIncomingEmail(30_000, mails + 1);
                email.add(System.nanoTime() - start);
                Thread.sleep(1_500);
            }
            report("event-driven, webhook", webhook);
            report("event-driven, email (webhook first, then SMTP)", email);

            List<Long> polled = new ArrayList<>();
            for (int trial = 0; trial < polledTrials; trial++) {
                permit = !permit;
                int hooks = webhookArrivals.size();
                long start = System.nanoTime();
                Files.writeString(sshd, "PermitRootLogin " + (permit ? "yes" : "no") + "\nPasswordAuthentication no\n");
                while (webhookArrivals.size() == hooks) {
                    Thread.sleep(20);
                }
                polled.add(latest(webhookArrivals) - start);
            }
            if (!polled.isEmpty()) {
                report("polled (interval 60 s), webhook", polled);
            }

            JdbcClient jdbc = vigil.getBean(JdbcClient.class);
            ExecutorService senders = Executors.newFixedThreadPool(16);
            AtomicInteger acceptedCount = new AtomicInteger();
            List<Future<?>> futures = Collections.synchronizedList(new ArrayList<>());
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                futures.add(senders.submit(() -> {
                    String body = "{\"n\":1}";
                    long timestamp = Instant.now().getEpochSecond();
                    HttpResponse<Void> response = http.send(
                            HttpRequest.newBuilder(URI.create(base + "/api/v1/integrations/" + integration + "/events"))
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .header("Vigil-Event-Id", UUID.randomUUID().toString())
                                    .header("Vigil-Timestamp", Long.toString(timestamp))
                                    .header(
                                            "Vigil-Signature",
                                            "v1=" + WebhookSender.sign(secret, timestamp + "." + body))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 202) {
                        acceptedCount.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            senders.shutdown();
            int recorded = jdbc.sql("select count(*) from integration_event")
                    .query(Integer.class)
                    .single();
            System.out.printf(
                    "inbound events: %d sent, %d accepted, %d recorded (incl. %d trial events) in %.1f s = %.0f/s%n",
                    events, acceptedCount.get(), recorded, trials, seconds, events / seconds);
        } finally {
            vigil.close();
            receiver.stop(0);
            smtp.stop();
        }
        System.exit(0);
    }

    private static long latest(Map<String, Long> arrivals) {
        return arrivals.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    private static void report(String what, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        System.out.printf(
                "%s: n=%d p50=%d ms p95=%d ms max=%d ms%n",
                what,
                sorted.size(),
                sorted.get((int) Math.ceil(sorted.size() * 0.50) - 1) / 1_000_000,
                sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1) / 1_000_000,
                sorted.get(sorted.size() - 1) / 1_000_000);
    }

    private static String post(HttpClient http, String base, String path, String body) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .POST(
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static String id(String json) {
        return json.replaceAll("(?s).*?\"id\":\"([0-9a-f-]+)\".*", "$1");
    }
}
