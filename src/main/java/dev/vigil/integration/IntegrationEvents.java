package dev.vigil.integration;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import dev.vigil.audit.AuditLog;
import dev.vigil.platform.Hmac;
import dev.vigil.platform.SecretEncryption;
import dev.vigil.workspace.WorkspaceId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signed inbound events that make an integration collect now instead of at its next interval, so drift a system
 * can announce is seen in seconds.
 *
 * <p>Two formats. Vigil's own: {@code Vigil-Timestamp} (Unix seconds), {@code Vigil-Event-Id} and {@code
 * Vigil-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>}; the timestamp must be within the window
 * and the id unseen. GitHub's: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>} with {@code
 * X-GitHub-Delivery} as the id (GitHub signs no timestamp, so the seen-id cache alone stops replays). Bursts are
 * debounced into one run; an event that arrives during a run is followed by one more run when it ends.
 */
@Service
public class IntegrationEvents {

    private static final Logger log = LoggerFactory.getLogger(IntegrationEvents.class);

    /** Largest body accepted. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /** How far a Vigil-Timestamp may be from now, either way. */
    static final Duration WINDOW = Duration.ofMinutes(5);

    /** How long event ids are remembered: longer than the window, and a day for GitHub's unsigned times. */
    static final Duration REMEMBER = Duration.ofDays(1);

    private final JdbcClient jdbc;
    private final IntegrationStore store;
    private final SecretEncryption secrets;
    private final SchedulerClient scheduler;
    private final Task<String> task;
    private final AuditLog audit;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration debounce;
    private final org.springframework.transaction.support.TransactionTemplate transaction;
    private final SecureRandom random = new SecureRandom();
    private final Map<UUID, CachedSecret> secretCache = new ConcurrentHashMap<>();

    /** When the run this node last asked for is due, per integration; events before then join it. */
    private final Map<UUID, Instant> runDueAt = new ConcurrentHashMap<>();

    /** When this node last saw the integration's run in progress; events just after it need not ask again. */
    private final Map<UUID, Instant> runningSeenAt = new ConcurrentHashMap<>();

    /** A due run must not have started before an event can rely on it. */
    private static final Duration MARGIN = Duration.ofMillis(100);

    private static final ScheduledExecutorService WAKER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "vigil-event-waker");
        thread.setDaemon(true);
        return thread;
    });

    IntegrationEvents(
            JdbcClient jdbc,
            IntegrationStore store,
            SecretEncryption secrets,
            SchedulerClient scheduler,
            Task<String> integrationCollectionTask,
            AuditLog audit,
            JsonMapper json,
            Clock clock,
            org.springframework.transaction.support.TransactionTemplate transaction,
            @Value("${vigil.events.debounce:500ms}") Duration debounce) {
        this.transaction = transaction;
        this.jdbc = jdbc;
        this.store = store;
        this.secrets = secrets;
        this.scheduler = scheduler;
        this.task = integrationCollectionTask;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
        this.debounce = debounce;
    }

    private record CachedSecret(String ciphertext, byte[] key) {}

    /** What the caller learns about an accepted event. */
    public record Accepted(String eventId, String outcome) {}

    /**
     * Creates (or replaces) the integration's event signing secret. Shown once; only its ciphertext is stored.
     *
     * @return the new secret
     */
    @Transactional
    public String rotateSecret(WorkspaceId workspace, UUID id, String actor) {
        store.find(workspace, id).orElseThrow(() -> new IntegrationNotFoundException(id));
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.sql("update integration set event_secret = ? where workspace_id = ? and id = ?")
                .params(secrets.encrypt(secret, context(id)), workspace.value(), id)
                .update();
        secretCache.remove(id);
        targets.remove(id);
        audit.record(workspace, actor, "integration.event-secret-rotated", id.toString(), Map.of());
        return secret;
    }

    /**
     * Verifies and accepts one inbound event.
     *
     * @param headers request headers, names lower-case
     * @throws InboundEventException with the status to answer when the event is refused
     */
    public Accepted accept(UUID integrationId, byte[] body, Map<String, String> headers) {
        if (body.length > MAX_BODY_BYTES) {
            throw refuse(413, "Event too large", "The body has more than " + MAX_BODY_BYTES + " bytes.");
        }
        Optional<Target> found = target(integrationId);
        if (found.isEmpty()) {
            throw refuse(404, "Not found", "No integration with id " + integrationId + ".");
        }
        Target target = found.get();
        if (target.secret() == null) {
            throw refuse(
                    401,
                    "Events not set up",
                    "This integration has no event signing secret; create one with POST /api/v1/integrations/"
                            + integrationId + "/event-secret.");
        }
        byte[] key = key(integrationId, target.secret());
        Instant now = clock.instant();
        String eventId;
        String github = headers.get("x-hub-signature-256");
        if (github != null) {
            eventId = headers.get("x-github-delivery");
            if (eventId == null || eventId.isBlank()) {
                throw refuse(
                        400, "Missing event id", "GitHub events carry an X-GitHub-Delivery header; it is missing.");
            }
            verify(github, "sha256=", key, body);
        } else {
            String signature = headers.get("vigil-signature");
            String timestamp = headers.get("vigil-timestamp");
            eventId = headers.get("vigil-event-id");
            if (signature == null || timestamp == null || eventId == null || eventId.isBlank()) {
                throw refuse(
                        401,
                        "Missing signature",
                        "Send Vigil-Timestamp, Vigil-Event-Id and Vigil-Signature (or GitHub's X-Hub-Signature-256).");
            }
            long seconds;
            try {
                seconds = Long.parseLong(timestamp.strip());
            } catch (NumberFormatException e) {
                throw refuse(
                        400, "Invalid timestamp", "Vigil-Timestamp must be Unix seconds, got '" + timestamp + "'.");
            }
            Instant sent = Instant.ofEpochSecond(seconds);
            if (Duration.between(sent, now).abs().compareTo(WINDOW) > 0) {
                throw refuse(
                        401,
                        "Stale timestamp",
                        "Vigil-Timestamp " + sent + " is more than " + WINDOW.toMinutes()
                                + " minutes from the server's time " + now + "; check the sender's clock.");
            }
            byte[] signed = concat((timestamp.strip() + ".").getBytes(StandardCharsets.UTF_8), body);
            verify(signature, "v1=", key, signed);
        }
        if (eventId.length() > 200) {
            throw refuse(400, "Invalid event id", "The event id is longer than 200 characters.");
        }
        if (body.length > 0) {
            try {
                json.readTree(body);
            } catch (JacksonException e) {
                throw refuse(400, "Malformed JSON", "The body is not valid JSON: " + e.getOriginalMessage());
            }
        }
        // Everything above needed no transaction; only the writes below hold a database connection.
        String id = eventId;
        transaction.executeWithoutResult(status -> remember(integrationId, id, now));
        if (!target.enabled()) {
            log.info("Event {} for disabled integration {} acknowledged and ignored", eventId, integrationId);
            return new Accepted(eventId, "ignored: the integration is disabled");
        }
        Instant due = runDueAt.get(integrationId);
        if (due != null && now.isBefore(due.minus(MARGIN))) {
            // A run this node asked for has not started yet, so it will see what this event announced.
            return new Accepted(eventId, "coalesced: a run is already due");
        }
        Instant running = runningSeenAt.get(integrationId);
        if (running != null && now.isBefore(running.plus(MARGIN))) {
            // A run is in progress; when it ends it finds this event among those received since it started.
            return new Accepted(eventId, "queued: a run is in progress; another follows it");
        }
        return new Accepted(eventId, requestRun(target.workspace(), integrationId, now));
    }

    /** What an event needs to know about its integration. */
    private record Target(WorkspaceId workspace, boolean enabled, String secret, Instant loadedAt) {}

    /** How long this node trusts what it read about an integration (enabled, secret) before reading it again. */
    private static final Duration TARGET_TTL = Duration.ofSeconds(1);

    private final Map<UUID, Target> targets = new ConcurrentHashMap<>();

    /**
     * The integration an event is for, read at most once a second per integration: a burst of events then costs
     * one database round trip each (the id record), not two. Disabling, deleting or a new secret take effect
     * within that second (at once on the node where the secret was changed).
     */
    private Optional<Target> target(UUID integrationId) {
        Instant now = clock.instant();
        Target cached = targets.get(integrationId);
        if (cached != null && now.isBefore(cached.loadedAt().plus(TARGET_TTL))) {
            return Optional.of(cached);
        }
        Optional<Target> found = jdbc.sql("select workspace_id, enabled, event_secret from integration where id = ?"
                        + " and deleted_at is null")
                .param(integrationId)
                .query((rs, row) -> new Target(
                        WorkspaceId.of(rs.getObject("workspace_id", UUID.class)),
                        rs.getBoolean("enabled"),
                        rs.getString("event_secret"),
                        now))
                .optional();
        found.ifPresentOrElse(t -> targets.put(integrationId, t), () -> targets.remove(integrationId));
        return found;
    }

    /**
     * Records the event id: the replay guard, and what tells a run that ends whether an event arrived while it ran.
     *
     * @throws InboundEventException 409 when the id was seen before
     */
    private void remember(UUID integrationId, String eventId, Instant now) {
        // What this transaction writes is the seen-id record and the run request, not evidence: it need not wait
        // for its WAL to reach the disk. PostgreSQL still writes it within a fraction of a second and in order;
        // only a crash of the database server itself in that moment could forget an id (a later replay of that
        // one event would then trigger one extra run).
        jdbc.sql("set local synchronous_commit = off").update();
        int inserted = jdbc.sql("insert into integration_event (integration_id, event_id, received_at) values (?, ?, ?)"
                        + " on conflict do nothing")
                .params(integrationId, eventId, Timestamp.from(now))
                .update();
        if (inserted == 0) {
            throw refuse(409, "Replayed event", "Event " + eventId + " was already received.");
        }
    }

    /**
     * Makes sure a run starts within the debounce delay: an execution due sooner is left alone (the burst joins
     * it), a later one is moved forward, a running one is followed by another run when it completes.
     */
    private String requestRun(WorkspaceId workspace, UUID id, Instant now) {
        Instant at = now.plus(debounce);
        TaskInstanceId instanceId = TaskInstanceId.of(CollectionScheduling.TASK_NAME, id.toString());
        var existing = scheduler.getScheduledExecution(instanceId);
        if (existing.isPresent()) {
            if (existing.get().isPicked()) {
                runDueAt.remove(id);
                runningSeenAt.put(id, now);
                return "queued: a run is in progress; another follows it";
            }
            if (!existing.get().getExecutionTime().isAfter(at)) {
                runDueAt.put(id, existing.get().getExecutionTime());
                return "coalesced: a run is already due";
            }
            try {
                scheduler.reschedule(instanceId, at, CollectionScheduling.data(workspace, "event"));
                dueSoon(id, at);
                return "scheduled";
            } catch (RuntimeException e) {
                runDueAt.remove(id);
                return "queued: a run is in progress; another follows it";
            }
        }
        TaskInstance<String> instance = task.instance(id.toString(), CollectionScheduling.data(workspace, "event"));
        if (scheduler.scheduleIfNotExists(instance, at)) {
            dueSoon(id, at);
            return "scheduled";
        }
        return "coalesced: a run is already due";
    }

    /**
     * Remembers when the run is due and wakes the scheduler then, instead of at its next poll: the debounce, not
     * the polling interval, decides how soon an event is acted on.
     */
    private void dueSoon(UUID id, Instant at) {
        runDueAt.put(id, at);
        if (scheduler instanceof Scheduler running) {
            long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis()) + 5;
            WAKER.schedule(running::triggerCheckForDueExecutions, delay, TimeUnit.MILLISECONDS);
        }
    }

    /** Forgets event ids older than a day. */
    int prune(Instant now) {
        return jdbc.sql("delete from integration_event where received_at < ?")
                .param(Timestamp.from(now.minus(REMEMBER)))
                .update();
    }

    private byte[] key(UUID id, String ciphertext) {
        CachedSecret cached = secretCache.get(id);
        if (cached != null && cached.ciphertext().equals(ciphertext)) {
            return cached.key();
        }
        byte[] key = secrets.decrypt(ciphertext, context(id)).getBytes(StandardCharsets.UTF_8);
        secretCache.put(id, new CachedSecret(ciphertext, key));
        return key;
    }

    private static void verify(String header, String prefix, byte[] key, byte[] content) {
        String value = header.strip();
        if (!value.startsWith(prefix)) {
            throw refuse(401, "Invalid signature", "The signature must start with '" + prefix + "'.");
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(value.substring(prefix.length()));
        } catch (IllegalArgumentException e) {
            throw refuse(401, "Invalid signature", "The signature is not hexadecimal.");
        }
        if (!MessageDigest.isEqual(given, Hmac.sha256(key, content))) {
            throw refuse(401, "Invalid signature", "The signature does not match the body and the secret.");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = new byte[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static InboundEventException refuse(int status, String title, String detail) {
        return new InboundEventException(status, title, detail);
    }

    static String context(UUID id) {
        return "integration-events:" + id;
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class Schedule {

        @org.springframework.context.annotation.Bean
        com.github.kagkarlsson.scheduler.task.helper.RecurringTask<Void> inboundEventPruneTask(
                org.springframework.beans.factory.ObjectProvider<IntegrationEvents> events, Clock clock) {
            // Looked up when it runs: IntegrationEvents needs the scheduler, which needs this task.
            return com.github.kagkarlsson.scheduler.task.helper.Tasks.recurring(
                            "inbound-event-prune",
                            com.github.kagkarlsson.scheduler.task.schedule.FixedDelay.of(Duration.ofHours(1)))
                    .execute((instance, context) -> events.getObject().prune(clock.instant()));
        }
    }
}
