package dev.vigil.connector.tlsendpoint;

import dev.vigil.VigilApplication;
import dev.vigil.connector.ConnectorConfiguration;
import dev.vigil.connector.ConnectorFactory;
import dev.vigil.integration.CollectionRun;
import dev.vigil.integration.Integration;
import dev.vigil.integration.IntegrationRequest;
import dev.vigil.integration.Integrations;
import dev.vigil.workspace.WorkspaceId;
import dev.vigil.workspace.Workspaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * 100 TLS endpoints on loopback, checked concurrently (run with {@code bench/tls-endpoints.sh}; not a test).
 *
 * <p>Each endpoint is a JDK HTTPS server with a certificate from a test CA, TLS 1.2 and 1.3, the security headers
 * and a security.txt. First the connector alone, all endpoints at once on 100 threads; then through Vigil: 100
 * tls-endpoint integrations created at once, timed until every one has a finished run (the scheduler runs
 * {@code db-scheduler.threads} of them at a time).
 */
public final class TlsEndpointsBenchmark {

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Path work = Files.createTempDirectory("vigil-tls-bench");
        IssuingCa ca = new IssuingCa("Vigil Bench CA");
        Path bundle = ca.writeBundle(work.resolve("ca.pem"));
        IssuingCa.Identity identity = ca.issue(IssuingCa.server("localhost"));
        List<LoopbackHttpsServer> servers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            servers.add(LoopbackHttpsServer.start(
                    identity, LoopbackHttpsServer.GOOD_HEADERS, LoopbackHttpsServer.validSecurityTxt()));
        }
        try {
            ConnectorFactory factory = ServiceLoader.load(ConnectorFactory.class).stream()
                    .map(ServiceLoader.Provider::get)
                    .filter(f -> f.descriptor().id().equals("tls-endpoint"))
                    .findFirst()
                    .orElseThrow();
            ExecutorService pool = Executors.newFixedThreadPool(count);
            for (int round = 0; round < 2; round++) {
                long start = System.nanoTime();
                List<Future<Integer>> checks = new ArrayList<>();
                for (LoopbackHttpsServer server : servers) {
                    checks.add(pool.submit(() -> {
                        List<Object> seen = new ArrayList<>();
                        factory.create(new ConnectorConfiguration(settings(server.port(), bundle)))
                                .collect(seen::add);
                        return seen.size();
                    }));
                }
                int resources = 0;
                for (Future<Integer> check : checks) {
                    resources += check.get();
                }
                System.out.printf(
                        "connector, %s: %d endpoints, %d resources, %d ms%n",
                        round == 0 ? "cold" : "warm", count, resources, (System.nanoTime() - start) / 1_000_000);
            }
            pool.shutdown();

            ConfigurableApplicationContext vigil = new SpringApplicationBuilder(VigilApplication.class)
                    .run(
                            "--server.port=0",
                            "--vigil.data-dir=" + work.resolve("data"),
                            "--vigil.demo.enabled=false",
                            "--logging.level.dev.vigil=warn");
            try {
                Integrations integrations = vigil.getBean(Integrations.class);
                WorkspaceId workspace = vigil.getBean(Workspaces.class)
                        .findBySlug("default")
                        .orElseThrow()
                        .id();
                long start = System.nanoTime();
                List<Integration> created = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    created.add(integrations.create(
                            workspace,
                            new IntegrationRequest(
                                    "tls-endpoint",
                                    "Endpoint " + i,
                                    settings(servers.get(i).port(), bundle),
                                    60,
                                    true),
                            "user:bench"));
                }
                int finished = 0;
                int succeeded = 0;
                while (finished < count) {
                    Thread.sleep(100);
                    finished = 0;
                    succeeded = 0;
                    for (Integration integration : created) {
                        var run = integrations.latestRun(workspace, integration.id());
                        if (run.isPresent() && run.get().status() != CollectionRun.RunStatus.RUNNING) {
                            finished++;
                            if (run.get().status() == CollectionRun.RunStatus.SUCCEEDED) {
                                succeeded++;
                            }
                        }
                    }
                }
                System.out.printf(
                        "through Vigil (db-scheduler.threads=%s): %d integrations created and run, %d succeeded,"
                                + " %d ms%n",
                        vigil.getEnvironment().getProperty("db-scheduler.threads"),
                        count,
                        succeeded,
                        (System.nanoTime() - start) / 1_000_000);
            } finally {
                vigil.close();
            }
        } finally {
            servers.forEach(LoopbackHttpsServer::close);
        }
        System.exit(0);
    }

    private static Map<String, Object> settings(int port, Path bundle) {
        return Map.of("host", "localhost", "port", (long) port, "trustStore", bundle.toString());
    }
}
