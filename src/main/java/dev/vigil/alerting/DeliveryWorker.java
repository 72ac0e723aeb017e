package dev.vigil.alerting;

import dev.vigil.workspace.WorkspaceId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends what the outbox ({@code alert_delivery}) holds. Claims due deliveries with {@code for update skip
 * locked} and a lease, sends each on a small pool with at most one message in flight per channel (a channel that
 * hangs holds only its own queue), and records every attempt. A failed attempt is retried with exponential
 * backoff; one that cannot succeed, or keeps failing, becomes a dead letter. A node that dies while sending leaves
 * the delivery leased; when the lease ends it is sent again with the same idempotency key.
 */
@Component
class DeliveryWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final int BATCH = 50;
    private static final int SENDERS = 4;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final AlertChannels channels;
    private final Map<ChannelType, ChannelSender> senders;
    private final AlertingProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;

    private final Set<UUID> busyChannels = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private volatile ScheduledExecutorService dispatcher;
    private volatile ExecutorService pool;

    DeliveryWorker(
            JdbcClient jdbc,
            JsonMapper json,
            AlertChannels channels,
            List<ChannelSender> senders,
            AlertingProperties properties,
            TransactionTemplate transaction,
            Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.channels = channels;
        this.senders = senders.stream().collect(Collectors.toMap(ChannelSender::type, Function.identity()));
        this.properties = properties;
        this.transaction = transaction;
        this.clock = clock;
    }

    private record Claimed(
            UUID id,
            WorkspaceId workspace,
            UUID noticeId,
            UUID channelId,
            String idempotencyKey,
            String mode,
            int attempts,
            Instant dueAt) {}

    /** Looks for due deliveries now instead of at the next poll. */
    void wake() {
        ScheduledExecutorService current = dispatcher;
        if (current != null && wakeQueued.compareAndSet(false, true)) {
            try {
                current.execute(this::dispatch);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                wakeQueued.set(false);
            }
        }
    }

    /** Claims what is due and hands it to the senders. Runs on the single dispatcher thread. */
    private void dispatch() {
        wakeQueued.set(false);
        try {
            List<Claimed> claimed;
            do {
                claimed = claim();
                Map<String, List<Claimed>> groups = new LinkedHashMap<>();
                for (Claimed delivery : claimed) {
                    String group = delivery.mode().equals("immediate")
                            ? delivery.id().toString()
                            : delivery.channelId() + "|" + delivery.mode() + "|" + delivery.dueAt();
                    groups.computeIfAbsent(group, k -> new ArrayList<>()).add(delivery);
                }
                for (List<Claimed> group : groups.values()) {
                    UUID channelId = group.get(0).channelId();
                    busyChannels.add(channelId);
                    pool.execute(() -> {
                        try {
                            deliver(group);
                        } catch (RuntimeException e) {
                            log.error("Delivery to channel {} failed unexpectedly", channelId, e);
                        } finally {
                            busyChannels.remove(channelId);
                            wake();
                        }
                    });
                }
            } while (claimed.size() == BATCH);
        } catch (RuntimeException e) {
            log.warn("Could not claim alert deliveries: {}", e.toString());
        }
    }

    private List<Claimed> claim() {
        Instant now = clock.instant();
        StringBuilder due = new StringBuilder("select id from alert_delivery where ((state = 'PENDING' and"
                + " next_attempt_at <= :now) or (state = 'SENDING' and lease_until < :now))");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("now", Timestamp.from(now));
        params.put("lease", Timestamp.from(now.plus(properties.deliveryLease())));
        params.put("batch", BATCH);
        List<UUID> busy = List.copyOf(busyChannels);
        if (!busy.isEmpty()) {
            due.append(" and channel_id not in (:busy)");
            params.put("busy", busy);
        }
        due.append(" order by next_attempt_at limit :batch for update skip locked");
        List<Claimed> claimed = transaction.execute(status -> jdbc.sql("update alert_delivery d set state = 'SENDING',"
                        + " lease_until = :lease, attempts = attempts + 1 where d.id in (" + due + ") returning d.id,"
                        + " d.workspace_id, d.notice_id, d.channel_id, d.idempotency_key, d.mode, d.attempts,"
                        + " d.next_attempt_at")
                .params(params)
                .query((rs, row) -> new Claimed(
                        rs.getObject("id", UUID.class),
                        WorkspaceId.of(rs.getObject("workspace_id", UUID.class)),
                        rs.getObject("notice_id", UUID.class),
                        rs.getObject("channel_id", UUID.class),
                        rs.getString("idempotency_key"),
                        rs.getString("mode"),
                        rs.getInt("attempts"),
                        rs.getTimestamp("next_attempt_at").toInstant()))
                .list());
        // One message in flight per channel: keep only the first group of each channel, release the rest.
        Map<UUID, String> firstGroup = new LinkedHashMap<>();
        List<Claimed> kept = new ArrayList<>();
        List<UUID> released = new ArrayList<>();
        for (Claimed delivery : claimed) {
            String group = delivery.mode().equals("immediate")
                    ? delivery.id().toString()
                    : delivery.mode() + "|" + delivery.dueAt();
            String first = firstGroup.putIfAbsent(delivery.channelId(), group);
            if (first == null || first.equals(group)) {
                kept.add(delivery);
            } else {
                released.add(delivery.id());
            }
        }
        if (!released.isEmpty()) {
            jdbc.sql("update alert_delivery set state = 'PENDING', lease_until = null, attempts = attempts - 1"
                            + " where id in (:ids)")
                    .param("ids", released)
                    .update();
        }
        return kept;
    }

    /** Sends one message (one notice, or a digest of several) and records the outcome on each delivery. */
    void deliver(List<Claimed> group) {
        Claimed first = group.get(0);
        Optional<AlertChannels.Stored> channel = channels.findIncludingDeleted(first.workspace(), first.channelId());
        if (channel.isEmpty() || channel.get().deleted()) {
            finish(group, false, false, "The channel was deleted before the alert could be delivered.", 0);
            return;
        }
        if (!channel.get().enabled()) {
            finish(group, false, false, "The channel is disabled; enable it and retry this delivery.", 0);
            return;
        }
        List<UUID> notices = group.stream().map(Claimed::noticeId).toList();
        List<AlertMessage> messages = jdbc.sql(
                        "select payload from alert_notice where id in (:ids) order by created_at")
                .param("ids", notices)
                .query((rs, row) -> json.readValue(rs.getString("payload"), AlertMessage.class))
                .list();
        String key = group.size() == 1 ? first.idempotencyKey() : digestKey(group);
        long started = System.nanoTime();
        try {
            Map<String, Object> config = channels.decrypted(channel.get());
            String answer = senders.get(channel.get().type()).send(messages, config, key);
            finish(group, true, false, answer, elapsed(started));
        } catch (DeliveryException e) {
            finish(group, false, e.retryable(), e.getMessage(), elapsed(started));
        } catch (IllegalStateException e) {
            // A secret that no longer decrypts (the master key changed): retrying cannot help.
            finish(group, false, false, e.getMessage() + "; enter the channel's secret again", elapsed(started));
        } catch (RuntimeException e) {
            finish(group, false, true, "Unexpected error: " + e, elapsed(started));
        }
    }

    private void finish(List<Claimed> group, boolean delivered, boolean retryable, String detail, int durationMs) {
        Instant now = clock.instant();
        transaction.executeWithoutResult(status -> {
            for (Claimed delivery : group) {
                jdbc.sql("insert into alert_delivery_attempt (id, delivery_id, attempted_at, succeeded, detail,"
                                + " duration_ms) values (?, ?, ?, ?, ?, ?)")
                        .params(UUID.randomUUID(), delivery.id(), Timestamp.from(now), delivered, detail, durationMs)
                        .update();
                if (delivered) {
                    jdbc.sql("update alert_delivery set state = 'DELIVERED', delivered_at = ?, lease_until = null,"
                                    + " last_error = null where id = ?")
                            .params(Timestamp.from(now), delivery.id())
                            .update();
                } else if (retryable && delivery.attempts() < properties.maxAttempts()) {
                    jdbc.sql("update alert_delivery set state = 'PENDING', lease_until = null, last_error = ?,"
                                    + " next_attempt_at = ? where id = ?")
                            .params(
                                    detail,
                                    Timestamp.from(now.plus(properties.backoff(delivery.attempts()))),
                                    delivery.id())
                            .update();
                } else {
                    jdbc.sql(
                                    "update alert_delivery set state = 'DEAD', lease_until = null, last_error = ? where id = ?")
                            .params(detail, delivery.id())
                            .update();
                }
            }
        });
        if (delivered) {
            log.debug(
                    "Delivered {} notices to channel {}: {}",
                    group.size(),
                    group.get(0).channelId(),
                    detail);
        } else {
            log.warn(
                    "Delivery to channel {} failed (attempt {}, {}): {}",
                    group.get(0).channelId(),
                    group.get(0).attempts(),
                    retryable && group.get(0).attempts() < properties.maxAttempts() ? "will retry" : "dead letter",
                    detail);
        }
    }

    private static String digestKey(List<Claimed> group) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            group.stream()
                    .map(c -> c.id().toString())
                    .sorted()
                    .forEach(id -> sha.update(id.getBytes(StandardCharsets.UTF_8)));
            return "vigil-digest-" + HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int elapsed(long started) {
        return (int) TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    @Override
    public void start() {
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        pool = Executors.newFixedThreadPool(
                SENDERS, runnable -> daemon(runnable, "vigil-alert-sender-" + count.incrementAndGet()));
        dispatcher = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "vigil-alert-dispatcher"));
        dispatcher.scheduleWithFixedDelay(this::dispatch, 1, 1, TimeUnit.SECONDS);
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void stop() {
        ScheduledExecutorService current = dispatcher;
        dispatcher = null;
        if (current != null) {
            current.shutdownNow();
        }
        if (pool != null) {
            pool.shutdown();
            try {
                if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                    pool.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return dispatcher != null;
    }
}
