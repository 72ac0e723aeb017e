package dev.vigil.agent;

import dev.vigil.VigilApplication;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * How long from "the agent starts a report" to "the change is evaluated and visible in the posture" (run with
 * {@code bench/agent-push.sh}; not a test).
 *
 * <p>Vigil runs in this JVM with its embedded database and a linux-agent integration. Each trial flips {@code
 * PermitRootLogin} in a copy of the Debian 12 fixture tree, runs the agent's own report code (observe the tree
 * with the linux-host collector, serialize, POST, server records and evaluates in one transaction) and polls
 * {@code /api/v1/results} every 5 ms until the check shows the new state. Then it times the agent as a separate
 * process ({@code java -cp … dev.vigil.VigilApplication agent --once}) from launch to exit, with its peak memory.
 */
public final class AgentPushBenchmark {

    private static final String TOKEN = "bench-token-0123456789abcdef";
    private static final String CHECK = "host.ssh-root-login-disabled";

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int processRuns = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path work = Files.createTempDirectory("vigil-agent-bench");
        Path root = copyFixture(work.resolve("host"));
        Path sshd = root.resolve("etc/ssh/sshd_config");
        String stock = Files.readString(sshd);

        ConfigurableApplicationContext vigil = new SpringApplicationBuilder(VigilApplication.class)
                .run(
                        "--server.port=0",
                        "--vigil.data-dir=" + work.resolve("data"),
                        "--vigil.demo.enabled=false",
                        "--vigil.admin.email=owner@example.com",
                        "--vigil.admin.password=correct-horse-battery-staple",
                        "--vigil.admin.api-token=" + TOKEN,
                        "--vigil.agent.min-report-interval=1s",
                        "--logging.level.dev.vigil=warn");
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + vigil.getEnvironment().getProperty("local.server.port");
        try {
            String integration = post(
                            http,
                            base,
                            "/api/v1/integrations",
                            "{\"connector\":\"linux-agent\",\"name\":\"Remote host\",\"intervalMinutes\":5}")
                    .replaceAll("(?s).*?\"id\":\"([0-9a-f-]+)\".*", "$1");
            String token = post(http, base, "/api/v1/integrations/" + integration + "/agent-token", null)
                    .replaceAll("(?s).*\"token\":\"([^\"]+)\".*", "$1");
            AgentOptions options = AgentOptions.parse(
                    new String[] {"--server", base, "--root", root.toString(), "--once"},
                    Map.of("VIGIL_AGENT_TOKEN", token));
            HostAgent agent = new HostAgent(
                    options,
                    new PrintStream(OutputStream.nullOutputStream()),
                    Clock.systemUTC(),
                    Duration.ofSeconds(1));
            String results = "/api/v1/results?integration=" + integration + "&check=" + CHECK;

            // Warm-up: the first report creates the resource; a few more warm both JVM paths.
            for (int i = 0; i < 3; i++) {
                require(agent.reportOnce() == HostAgent.RECORDED, "warm-up report refused");
                Thread.sleep(1_100);
            }

            List<Long> pushed = new ArrayList<>();
            List<Long> visible = new ArrayList<>();
            boolean permit = true;
            for (int trial = 0; trial < trials; trial++) {
                permit = !permit;
                Files.writeString(sshd, "PermitRootLogin " + (permit ? "yes" : "no") + "\n" + stock);
                String expected = permit ? "\"status\":\"FAIL\"" : "\"status\":\"PASS\"";
                long start = System.nanoTime();
                require(agent.reportOnce() == HostAgent.RECORDED, "report refused");
                pushed.add(System.nanoTime() - start);
                while (!get(http, base, results).contains(expected)) {
                    Thread.sleep(5);
                }
                visible.add(System.nanoTime() - start);
                Thread.sleep(1_100);
            }
            report("agent report: observe, send, recorded and evaluated", pushed);
            report("change visible in /api/v1/results", visible);

            List<Long> process = new ArrayList<>();
            for (int run = 0; run < processRuns; run++) {
                Thread.sleep(1_100);
                Path log = work.resolve("agent-" + run + ".log");
                ProcessBuilder builder = new ProcessBuilder(
                        "/usr/bin/time",
                        "-f",
                        "peak-rss-kb=%M",
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.vigil.VigilApplication",
                        "agent",
                        "--server",
                        base,
                        "--root",
                        root.toString(),
                        "--once");
                builder.environment().put("VIGIL_AGENT_TOKEN", token);
                builder.redirectErrorStream(true).redirectOutput(log.toFile());
                long start = System.nanoTime();
                int exit = builder.start().waitFor();
                process.add(System.nanoTime() - start);
                String output = Files.readString(log);
                require(exit == 0, "agent process failed: " + output);
                System.out.println("agent process run " + (run + 1) + ": "
                        + (process.get(run) / 1_000_000) + " ms, "
                        + output.replaceAll("(?s).*peak-rss-kb=(\\d+).*", "$1") + " KB peak resident");
            }
            report("agent process --once, launch to exit (class path, not the fat jar)", process);
        } finally {
            vigil.close();
        }
    }

    private static void report(String name, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        System.out.printf(
                "%s (%d trials): p50 %d ms, p95 %d ms, max %d ms%n",
                name,
                sorted.size(),
                sorted.get(sorted.size() / 2) / 1_000_000,
                sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.95) - 1)) / 1_000_000,
                sorted.get(sorted.size() - 1) / 1_000_000);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
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
        require(response.statusCode() < 300, path + ": " + response.body());
        return response.body();
    }

    private static String get(HttpClient http, String base, String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(base + path))
                                .header("Authorization", "Bearer " + TOKEN)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static Path copyFixture(Path target) throws IOException {
        Path source =
                Path.of("src/test/resources/fixtures/linux-host/debian12-stock").toAbsolutePath();
        try (Stream<Path> paths = Files.walk(source)) {
            paths.forEach(path -> {
                try {
                    Path destination = target.resolve(source.relativize(path).toString());
                    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createDirectories(destination);
                    } else {
                        Files.copy(path, destination, LinkOption.NOFOLLOW_LINKS);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return target;
    }
}
