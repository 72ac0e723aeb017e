package dev.vigil.integration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.vigil.audit.AuditLog;
import dev.vigil.connector.ConnectorDescriptor;
import dev.vigil.connector.ObservedResource;
import dev.vigil.integration.IntegrationStore.StoredIntegration;
import dev.vigil.platform.CanonicalJson;
import dev.vigil.workspace.WorkspaceId;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reports pushed by the host agent ({@code java -jar vigil.jar agent}) for integrations of the {@code linux-agent}
 * connector, which Vigil never collects itself.
 *
 * <p>Each such integration has at most one agent token ({@code vag_<integration id>_<secret>}, stored as its SHA-256 hash, replaced on
 * rotation) that allows exactly one thing: reporting for that integration. A report is checked in this order,
 * and the first failure answers: token present and known (401), for this integration (403), integration enabled
 * (409), body at most {@link #MAX_BODY_BYTES} (413), not sooner than {@code vigil.agent.min-report-interval}
 * after the last accepted report (429 with a retry delay), the report's shape, fields and resource types (400
 * naming the field), {@code sentAt} within {@link #WINDOW} of the server's clock (400), a report id never seen
 * (409). An accepted report is recorded by {@link CollectionRunner#recordObserved} as a run with trigger {@code
 * agent}, in the same transaction that remembers the report id and the agent's last report; a refused one
 * changes nothing.
 */
@Service
public class AgentReports {

    private static final Logger log = LoggerFactory.getLogger(AgentReports.class);

    /** The connector whose integrations are filled by an agent instead of collected. */
    public static final String CONNECTOR = "linux-agent";

    /** The trigger of runs recorded from reports, and so the cause of their drift events. */
    public static final String TRIGGER = "agent";

    /** Largest report accepted. A host's report is typically 20 to 200 KB. */
    public static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    /** How far a report's {@code sentAt} may be from the server's clock, either way. */
    static final Duration WINDOW = Duration.ofMinutes(5);

    /** How long report ids are remembered: far longer than the window, so a replay is refused either way. */
    static final Duration REMEMBER = Duration.ofDays(1);

    /** Most resources in one report; the agent sends one, the host. */
    static final int MAX_RESOURCES = 100;

    static final String TOKEN_PREFIX = "vag_";

    private static final Set<String> REPORT_FIELDS = Set.of("agent", "reportId", "resources");
    private static final Set<String> AGENT_FIELDS = Set.of("hostname", "version", "sentAt");
    private static final Set<String> RESOURCE_FIELDS =
            Set.of("type", "externalId", "name", "attributes", "unknown", "raw");

    private final JdbcClient jdbc;
    private final IntegrationStore store;
    private final ConnectorRegistry connectors;
    private final CollectionRunner runner;
    private final AuditLog audit;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Duration minInterval;
    private final SecureRandom random = new SecureRandom();
    // Strict: a repeated key or anything after the document is a malformed report, not a silent overwrite.
    private final JsonMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    AgentReports(
            JdbcClient jdbc,
            IntegrationStore store,
            ConnectorRegistry connectors,
            CollectionRunner runner,
            AuditLog audit,
            TransactionTemplate transaction,
            Clock clock,
            @Value("${vigil.agent.min-report-interval:10s}") Duration minInterval) {
        this.jdbc = jdbc;
        this.store = store;
        this.connectors = connectors;
        this.runner = runner;
        this.audit = audit;
        this.transaction = transaction;
        this.clock = clock;
        this.minInterval = minInterval;
    }

    /** Whether integrations of this connector are filled by an agent rather than collected by Vigil. */
    public static boolean isPushed(String connector) {
        return CONNECTOR.equals(connector);
    }

    /**
     * An integration's agent: when its token was made and by whom, and what the agent said about itself in its
     * last accepted report (all null before the first).
     */
    public record AgentStatus(
            Instant tokenCreatedAt,
            String tokenCreatedBy,
            String hostname,
            String version,
            UUID lastReportId,
            Instant lastSentAt,
            Instant lastReportAt,
            UUID lastRunId) {}

    /** What the agent learns about an accepted report. */
    public record Accepted(
            UUID reportId, UUID runId, int resourcesSeen, int resourcesChanged, int checksEvaluated, String next) {}

    /**
     * Creates (or replaces) the integration's agent token. Shown once; only its hash is stored. The token it
     * replaces stops working at once.
     *
     * @throws InvalidIntegrationException when the integration is not a {@code linux-agent} one
     */
    @Transactional
    public String rotateToken(WorkspaceId workspace, UUID id, String actor) {
        StoredIntegration integration =
                store.find(workspace, id).orElseThrow(() -> new IntegrationNotFoundException(id));
        if (!isPushed(integration.connector())) {
            throw new InvalidIntegrationException(Map.of(
                    "connector",
                    "is '" + integration.connector() + "'; only " + CONNECTOR + " integrations take agent reports"));
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = token(id, bytes);
        Instant now = clock.instant();
        jdbc.sql("insert into integration_agent (integration_id, workspace_id, token_hash, token_created_at,"
                        + " token_created_by) values (?, ?, ?, ?, ?) on conflict (integration_id) do update set"
                        + " token_hash = excluded.token_hash, token_created_at = excluded.token_created_at,"
                        + " token_created_by = excluded.token_created_by")
                .params(id, workspace.value(), hash(token), Timestamp.from(now), actor)
                .update();
        audit.record(
                workspace, actor, "integration.agent-token-rotated", id.toString(), Map.of("name", integration.name()));
        log.info("Agent token of integration '{}' created by {}", integration.name(), actor);
        return token;
    }

    /** The integration's agent, if a token was ever created for it. */
    public Optional<AgentStatus> status(WorkspaceId workspace, UUID id) {
        return jdbc.sql("select token_created_at, token_created_by, hostname, version, last_report_id, last_sent_at,"
                        + " last_report_at, last_run_id from integration_agent where workspace_id = ? and"
                        + " integration_id = ?")
                .params(workspace.value(), id)
                .query((rs, row) -> new AgentStatus(
                        rs.getTimestamp("token_created_at").toInstant(),
                        rs.getString("token_created_by"),
                        rs.getString("hostname"),
                        rs.getString("version"),
                        rs.getObject("last_report_id", UUID.class),
                        instant(rs.getTimestamp("last_sent_at")),
                        instant(rs.getTimestamp("last_report_at")),
                        rs.getObject("last_run_id", UUID.class)))
                .optional();
    }

    private record Agent(UUID integrationId, WorkspaceId workspace, boolean enabled, Instant lastReportAt) {}

    private record Report(
            String hostname, String version, Instant sentAt, UUID reportId, List<ObservedResource> resources) {}

    /**
     * Checks and records one report.
     *
     * @param authorization the {@code Authorization} header, or null
     * @param contentLength the declared body length, or -1 when unknown
     * @throws AgentReportException with the status to answer when the report is refused
     * @throws IOException when the body cannot be read
     */
    public Accepted accept(UUID integrationId, String authorization, long contentLength, InputStream body)
            throws IOException {
        Agent agent = authenticate(integrationId, authorization);
        if (!agent.enabled()) {
            throw new AgentReportException(
                    409,
                    "Integration disabled",
                    "The integration is disabled, so its agent's reports are not recorded; enable it in Vigil.");
        }
        if (contentLength > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        Instant now = clock.instant();
        // Checked before parsing too, so a flood costs a lookup and not the parsing of megabytes.
        refuseIfTooSoon(agent.lastReportAt(), now);
        ConnectorDescriptor descriptor = connectors
                .descriptor(CONNECTOR)
                .orElseThrow(() -> new IllegalStateException("the " + CONNECTOR + " connector is not installed"));
        Report report = parse(bytes, descriptor);
        Duration skew = Duration.between(report.sentAt(), now);
        if (skew.abs().compareTo(WINDOW) > 0) {
            throw new AgentReportException(
                    400,
                    "Stale report",
                    "agent.sentAt " + report.sentAt() + " is more than " + WINDOW.toMinutes()
                            + " minutes from the server's time " + now
                            + "; check the clock of the agent's machine (NTP).",
                    Map.of("agent.sentAt", "is more than " + WINDOW.toMinutes() + " minutes from the server's time"),
                    null);
        }
        try {
            return transaction.execute(status -> record(agent, report));
        } catch (AgentReportException | RunInProgressException | IntegrationNotFoundException e) {
            throw e;
        } catch (RuntimeException e) {
            // Nothing of the report was kept; say so in the run history, and let the agent send it again.
            log.error("Report {} for integration {} could not be recorded", report.reportId(), integrationId, e);
            store.startRun(agent.workspace(), integrationId, TRIGGER, clock.instant())
                    .ifPresent(run -> store.fail(
                            agent.workspace(),
                            run,
                            "internal",
                            "The agent's report " + report.reportId() + " could not be recorded: " + e,
                            clock.instant()));
            throw new AgentReportException(
                    500, "Report not recorded", "Vigil could not record the report; send it again later.");
        }
    }

    private Accepted record(Agent agent, Report report) {
        Instant lastReportAt = jdbc.sql(
                        "select last_report_at from integration_agent where integration_id = ? for update")
                .param(agent.integrationId())
                .query((rs, row) -> instant(rs.getTimestamp(1)))
                .optional()
                .orElse(null);
        Instant now = clock.instant();
        refuseIfTooSoon(lastReportAt, now);
        int fresh = jdbc.sql("insert into agent_report (integration_id, report_id, received_at) values (?, ?, ?)"
                        + " on conflict do nothing")
                .params(agent.integrationId(), report.reportId(), Timestamp.from(now))
                .update();
        if (fresh == 0) {
            throw new AgentReportException(
                    409, "Replayed report", "Report " + report.reportId() + " was already received.");
        }
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("kind", "agent");
        source.put("hostname", report.hostname());
        source.put("version", report.version());
        source.put("sentAt", report.sentAt().toString());
        source.put("reportId", report.reportId().toString());
        CollectionRunner.Recorded recorded =
                runner.recordObserved(agent.workspace(), agent.integrationId(), report.resources(), TRIGGER, source);
        jdbc.sql("update integration_agent set hostname = ?, version = ?, last_report_id = ?, last_sent_at = ?,"
                        + " last_report_at = ?, last_run_id = ? where integration_id = ?")
                .params(
                        report.hostname(),
                        report.version(),
                        report.reportId(),
                        Timestamp.from(report.sentAt()),
                        Timestamp.from(now),
                        recorded.runId(),
                        agent.integrationId())
                .update();
        log.info(
                "Report {} from agent on {} ({}) recorded as run {}: {} resources, {} changed, {} checks evaluated",
                report.reportId(),
                report.hostname(),
                report.version(),
                recorded.runId(),
                recorded.seen(),
                recorded.changed(),
                recorded.evaluated());
        return new Accepted(
                report.reportId(),
                recorded.runId(),
                recorded.seen(),
                recorded.changed(),
                recorded.evaluated(),
                "next report accepted after " + now.plus(minInterval));
    }

    private Agent authenticate(UUID integrationId, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new AgentReportException(
                    401,
                    "Missing agent token",
                    "Send the integration's agent token as 'Authorization: Bearer vag_…'; create one with POST"
                            + " /api/v1/integrations/" + integrationId + "/agent-token.");
        }
        String token = authorization.substring(7).strip();
        Optional<Agent> agent = token.startsWith(TOKEN_PREFIX)
                ? jdbc.sql("select a.integration_id, a.workspace_id, i.enabled, a.last_report_at from"
                                + " integration_agent a join integration i on i.id = a.integration_id"
                                + " where a.token_hash = ? and i.deleted_at is null")
                        .param(hash(token))
                        .query((rs, row) -> new Agent(
                                rs.getObject("integration_id", UUID.class),
                                WorkspaceId.of(rs.getObject("workspace_id", UUID.class)),
                                rs.getBoolean("enabled"),
                                instant(rs.getTimestamp("last_report_at"))))
                        .optional()
                : Optional.empty();
        if (agent.isEmpty()) {
            throw new AgentReportException(
                    401,
                    "Invalid agent token",
                    "The agent token is unknown or was replaced by a newer one. Create a new one with POST"
                            + " /api/v1/integrations/" + integrationId + "/agent-token and give it to the agent.");
        }
        if (!agent.get().integrationId().equals(integrationId)) {
            throw new AgentReportException(
                    403,
                    "Wrong integration",
                    "This agent token belongs to another integration; it may only report for that one.");
        }
        return agent.get();
    }

    private void refuseIfTooSoon(Instant lastReportAt, Instant now) {
        if (lastReportAt == null) {
            return;
        }
        Instant allowed = lastReportAt.plus(minInterval);
        if (now.isBefore(allowed)) {
            Duration wait = Duration.between(now, allowed);
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            throw new AgentReportException(
                    429,
                    "Too many reports",
                    "The last report was accepted at " + lastReportAt + "; an integration takes at most one report"
                            + " every " + minInterval.toSeconds() + " s. Send again in " + seconds + " s.",
                    Map.of(),
                    Duration.ofSeconds(seconds));
        }
    }

    private static AgentReportException tooLarge() {
        return new AgentReportException(
                413,
                "Report too large",
                "The report has more than " + MAX_BODY_BYTES / (1024 * 1024) + " MB; Vigil accepts up to "
                        + MAX_BODY_BYTES / (1024 * 1024) + " MB.");
    }

    // --- the report's shape

    /** Collects field errors while reading a report. */
    private static final class Problems {
        final Map<String, String> errors = new LinkedHashMap<>();

        void add(String field, String message) {
            errors.putIfAbsent(field, message);
        }
    }

    private Report parse(byte[] bytes, ConnectorDescriptor descriptor) {
        JsonNode root;
        try {
            root = json.readTree(bytes);
        } catch (JacksonException e) {
            throw invalid(Map.of("body", "is not valid JSON: " + firstLine(e.getOriginalMessage())));
        }
        Problems problems = new Problems();
        if (root == null || !root.isObject()) {
            throw invalid(Map.of("body", "must be a JSON object with agent, reportId and resources"));
        }
        unknownFields(root, REPORT_FIELDS, "", problems);
        JsonNode agent = root.get("agent");
        String hostname = null;
        String version = null;
        Instant sentAt = null;
        if (agent == null || !agent.isObject()) {
            problems.add("agent", "is required: an object with hostname, version and sentAt");
        } else {
            unknownFields(agent, AGENT_FIELDS, "agent.", problems);
            hostname = text(agent, "hostname", "agent.hostname", 253, problems);
            version = text(agent, "version", "agent.version", 100, problems);
            String sent = text(agent, "sentAt", "agent.sentAt", 64, problems);
            if (sent != null) {
                try {
                    sentAt = Instant.parse(sent);
                } catch (DateTimeParseException e) {
                    problems.add("agent.sentAt", "must be an ISO-8601 instant such as 2026-11-27T10:15:30Z");
                }
            }
        }
        UUID reportId = null;
        String id = text(root, "reportId", "reportId", 36, problems);
        if (id != null) {
            try {
                reportId = UUID.fromString(id);
                if (!reportId.toString().equals(id.toLowerCase(java.util.Locale.ROOT))) {
                    throw new IllegalArgumentException(id);
                }
            } catch (IllegalArgumentException e) {
                problems.add("reportId", "must be a UUID");
            }
        }
        List<ObservedResource> resources = new ArrayList<>();
        JsonNode list = root.get("resources");
        if (list == null || !list.isArray()) {
            problems.add("resources", "is required: a list of observed resources");
        } else if (list.isEmpty()) {
            problems.add("resources", "must list at least one resource");
        } else if (list.size() > MAX_RESOURCES) {
            problems.add("resources", "must list at most " + MAX_RESOURCES + " resources");
        } else {
            Map<String, String> seen = new HashMap<>();
            for (int i = 0; i < list.size(); i++) {
                ObservedResource resource = resource(list.get(i), "resources[" + i + "]", descriptor, problems);
                if (resource != null) {
                    String previous = seen.putIfAbsent(
                            resource.type() + "\u0000" + resource.externalId(), "resources[" + i + "]");
                    if (previous != null) {
                        problems.add("resources[" + i + "].externalId", "repeats " + previous);
                    }
                    resources.add(resource);
                }
            }
        }
        if (!problems.errors.isEmpty()) {
            throw invalid(problems.errors);
        }
        return new Report(hostname, version, sentAt, reportId, List.copyOf(resources));
    }

    private static ObservedResource resource(
            JsonNode node, String path, ConnectorDescriptor descriptor, Problems problems) {
        if (!node.isObject()) {
            problems.add(path, "must be an object with type, externalId, name, attributes, unknown and raw");
            return null;
        }
        int before = problems.errors.size();
        unknownFields(node, RESOURCE_FIELDS, path + ".", problems);
        String type = text(node, "type", path + ".type", 100, problems);
        if (type != null && !descriptor.resourceTypes().contains(type)) {
            problems.add(
                    path + ".type",
                    "'" + type + "' is not a resource type of " + descriptor.id() + "; one of "
                            + descriptor.resourceTypes());
        }
        String externalId = text(node, "externalId", path + ".externalId", 500, problems);
        String name = text(node, "name", path + ".name", 500, problems);
        Map<String, Object> attributes = new LinkedHashMap<>();
        JsonNode attributeNode = node.get("attributes");
        if (attributeNode == null || !attributeNode.isObject()) {
            problems.add(path + ".attributes", "is required: an object");
        } else {
            for (Map.Entry<String, JsonNode> entry : attributeNode.properties()) {
                attributes.put(
                        entry.getKey(), value(entry.getValue(), path + ".attributes." + entry.getKey(), problems));
            }
        }
        Map<String, String> unknown = strings(node, "unknown", path, problems);
        Map<String, String> raw = strings(node, "raw", path, problems);
        if (problems.errors.size() > before) {
            return null;
        }
        return new ObservedResource(type, externalId, name, attributes, unknown, raw);
    }

    /** A JSON value as the attribute document holds it: whole numbers as Long, others as Double (CEL needs both). */
    private static Object value(JsonNode node, String path, Problems problems) {
        if (node.isNull()) {
            return null;
        }
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                problems.add(path, "is a whole number too large for 64 bits");
                return null;
            }
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isArray()) {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                values.add(value(node.get(i), path + "[" + i + "]", problems));
            }
            return values;
        }
        if (node.isObject()) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                values.put(entry.getKey(), value(entry.getValue(), path + "." + entry.getKey(), problems));
            }
            return values;
        }
        problems.add(path, "is not a JSON value Vigil keeps");
        return null;
    }

    private static Map<String, String> strings(JsonNode resource, String field, String path, Problems problems) {
        JsonNode node = resource.get(field);
        Map<String, String> values = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isObject()) {
            problems.add(path + "." + field, "must be an object of strings");
            return values;
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isString()) {
                problems.add(path + "." + field + "." + entry.getKey(), "must be a string");
            } else {
                values.put(entry.getKey(), entry.getValue().stringValue());
            }
        }
        return values;
    }

    private static String text(JsonNode parent, String field, String path, int maxLength, Problems problems) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            problems.add(path, "is required");
            return null;
        }
        if (!node.isString()) {
            problems.add(path, "must be a string");
            return null;
        }
        String value = node.stringValue();
        if (value.isBlank()) {
            problems.add(path, "must not be blank");
            return null;
        }
        if (value.length() > maxLength) {
            problems.add(path, "must be at most " + maxLength + " characters");
            return null;
        }
        return value;
    }

    private static void unknownFields(JsonNode node, Set<String> known, String prefix, Problems problems) {
        for (String name : node.propertyNames()) {
            if (!known.contains(name)) {
                problems.add(
                        prefix + name, "is not a field of an agent report; expected " + new java.util.TreeSet<>(known));
            }
        }
    }

    private static AgentReportException invalid(Map<String, String> errors) {
        StringBuilder detail = new StringBuilder();
        errors.forEach((field, message) -> detail.append(detail.isEmpty() ? "" : "; ")
                .append(field)
                .append(' ')
                .append(message));
        return new AgentReportException(400, "Invalid report", detail.toString(), errors, null);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "empty body";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /**
     * {@code vag_<integration id, 32 hex digits>_<256 random bits, base64url>}: the agent learns where to report
     * from its token, so an operator copies one value. The id is not a secret; the random part is.
     */
    static String token(UUID integrationId, byte[] random) {
        return TOKEN_PREFIX
                + integrationId.toString().replace("-", "")
                + "_"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    static String hash(String token) {
        return CanonicalJson.sha256(token);
    }

    /** Forgets report ids older than {@link #REMEMBER}. */
    int prune(Instant now) {
        return jdbc.sql("delete from agent_report where received_at < ?")
                .param(Timestamp.from(now.minus(REMEMBER)))
                .update();
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        RecurringTask<Void> agentReportPruneTask(ObjectProvider<AgentReports> reports, Clock clock) {
            return Tasks.recurring("agent-report-prune", FixedDelay.of(Duration.ofHours(1)))
                    .execute((instance, context) -> reports.getObject().prune(clock.instant()));
        }
    }
}
