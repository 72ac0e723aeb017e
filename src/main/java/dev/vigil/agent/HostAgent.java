package dev.vigil.agent;

import dev.vigil.connector.CollectionException;
import dev.vigil.connector.ObservedResource;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar vigil.jar agent …}: observe this machine, push the report to Vigil, wait, repeat.
 *
 * <p>Only a wrong token (401, 403) or a wrong command line stops it (exit status 2): those need a person. Vigil
 * unreachable or failing is retried after 5, 10 and 20 s, then left for the next report; a refused report
 * (400, 409, 413) is logged and the next report tries again; 429 waits as long as Vigil asks. With {@code
 * --once} it sends one report and exits 0 when Vigil recorded it, 1 when not.
 */
public final class HostAgent {

    /** Exit status: the report was recorded. */
    static final int RECORDED = 0;

    /** Exit status with --once: the report was not recorded (Vigil unreachable, refused, or nothing observed). */
    static final int NOT_RECORDED = 1;

    /** Exit status: a person must act (wrong token, wrong command line). */
    static final int STOPPED = 2;

    static final int MAX_ATTEMPTS = 4;

    private final AgentOptions options;
    private final HostObserver observer = new HostObserver();
    private final JsonMapper json = JsonMapper.builder().build();
    private final ReportSender sender;
    private final PrintStream log;
    private final Clock clock;
    private final Duration backoff;
    private final String version;

    HostAgent(AgentOptions options, PrintStream log, Clock clock, Duration backoff) {
        this.options = options;
        this.log = log;
        this.clock = clock;
        this.backoff = backoff;
        this.sender = new ReportSender(options.server(), options.integrationId(), options.token(), json);
        String implementation = HostAgent.class.getPackage().getImplementationVersion();
        this.version = implementation == null ? "development" : implementation;
    }

    /** Runs the agent with these arguments (those after {@code agent}); returns the exit status. */
    public static int run(String... args) {
        AgentOptions options;
        try {
            options = AgentOptions.parse(args, System.getenv());
        } catch (AgentOptions.UsageException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println("vigil agent: " + e.getMessage());
            }
            System.err.print(AgentOptions.USAGE);
            return e.getMessage().isEmpty() ? RECORDED : STOPPED;
        }
        return new HostAgent(options, System.err, Clock.systemUTC(), Duration.ofSeconds(5)).run();
    }

    int run() {
        if (options.server().getScheme().equalsIgnoreCase("http")
                && !isLoopback(options.server().getHost())) {
            log(
                    "WARN",
                    "--server uses plain http: the token and the report cross the network unencrypted."
                            + " Use https.");
        }
        log(
                "INFO",
                "Vigil agent " + version + " reporting " + options.root() + " to " + sender.endpoint()
                        + (options.once() ? " once" : " every " + describe(options.interval())));
        while (true) {
            Instant started = clock.instant();
            int status = reportOnce();
            if (status == STOPPED || options.once()) {
                return status;
            }
            Duration wait = Duration.between(clock.instant(), started.plus(options.interval()));
            if (!sleep(wait)) {
                return RECORDED;
            }
        }
    }

    /** Observes, sends, retries as the answer says. */
    int reportOnce() {
        List<ObservedResource> resources;
        try {
            resources = observer.observe(options.root());
        } catch (CollectionException | RuntimeException e) {
            log("ERROR", "Could not observe " + options.root() + ": " + e.getMessage());
            return NOT_RECORDED;
        }
        if (resources.isEmpty()) {
            log("ERROR", "Observed nothing below " + options.root() + "; nothing to report.");
            return NOT_RECORDED;
        }
        UUID reportId = UUID.randomUUID();
        byte[] body = json.writeValueAsBytes(report(reportId, resources));
        for (int attempt = 1; ; attempt++) {
            ReportSender.Outcome outcome = sender.send(body);
            if (outcome instanceof ReportSender.Outcome.Accepted accepted) {
                log("INFO", "Report " + reportId + " recorded (" + body.length / 1024 + " KB): " + accepted.summary());
                return RECORDED;
            }
            if (outcome instanceof ReportSender.Outcome.Fatal fatal) {
                log("ERROR", "Stopping: " + fatal.why());
                return STOPPED;
            }
            if (outcome instanceof ReportSender.Outcome.Refused refused) {
                log("ERROR", "Report " + reportId + " not recorded: " + refused.why());
                return NOT_RECORDED;
            }
            Duration wait;
            String why;
            if (outcome instanceof ReportSender.Outcome.RetryAfter retry) {
                wait = retry.delay();
                why = retry.why();
            } else {
                wait = backoff.multipliedBy(1L << (attempt - 1));
                why = ((ReportSender.Outcome.Transient) outcome).why() + ".";
            }
            if (attempt >= MAX_ATTEMPTS) {
                log(
                        "WARN",
                        why + " Giving this report up after " + attempt + " attempts"
                                + (options.once() ? "." : "; the next one follows on schedule."));
                return NOT_RECORDED;
            }
            log("WARN", why + " Sending again in " + describe(wait) + ".");
            if (!sleep(wait)) {
                return NOT_RECORDED;
            }
        }
    }

    /** The wire format the server's AgentReports reads. */
    private Map<String, Object> report(UUID reportId, List<ObservedResource> resources) {
        Map<String, Object> agent = new LinkedHashMap<>();
        agent.put("hostname", resources.get(0).externalId());
        agent.put("version", version);
        agent.put("sentAt", clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("agent", agent);
        report.put("reportId", reportId.toString());
        report.put(
                "resources",
                resources.stream()
                        .map(resource -> {
                            Map<String, Object> item = new LinkedHashMap<>();
                            item.put("type", resource.type());
                            item.put("externalId", resource.externalId());
                            item.put("name", resource.name());
                            item.put("attributes", resource.attributes());
                            item.put("unknown", resource.unknown());
                            item.put("raw", resource.raw());
                            return item;
                        })
                        .toList());
        return report;
    }

    private void log(String level, String message) {
        log.println(clock.instant().truncatedTo(ChronoUnit.SECONDS) + " " + level + " " + message);
        log.flush();
    }

    private static boolean sleep(Duration wait) {
        if (wait.isNegative() || wait.isZero()) {
            return true;
        }
        try {
            Thread.sleep(wait.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }

    private static String describe(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 3600 == 0 && seconds > 0) {
            return seconds / 3600 + " h";
        }
        if (seconds % 60 == 0 && seconds > 0) {
            return seconds / 60 + " min";
        }
        return Math.max(seconds, 0) + " s";
    }
}
