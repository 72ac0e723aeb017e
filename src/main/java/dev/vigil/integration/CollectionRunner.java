package dev.vigil.integration;

import dev.vigil.connector.CollectionException;
import dev.vigil.connector.CollectionSink;
import dev.vigil.connector.Collector;
import dev.vigil.connector.ConnectorConfiguration;
import dev.vigil.connector.ConnectorDescriptor;
import dev.vigil.connector.ConnectorFactory;
import dev.vigil.connector.InvalidConfigurationException;
import dev.vigil.connector.ObservedResource;
import dev.vigil.evidence.EvidenceLedger;
import dev.vigil.evidence.EvidenceRecord;
import dev.vigil.integration.IntegrationStore.StoredIntegration;
import dev.vigil.inventory.Inventory;
import dev.vigil.inventory.InventoryUpdate;
import dev.vigil.inventory.ResourceRecord;
import dev.vigil.monitoring.CheckResults;
import dev.vigil.monitoring.EvaluationInput;
import dev.vigil.platform.SecretEncryption;
import dev.vigil.workspace.WorkspaceId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Executes one collection run: collect, then record resources, evidence and check results in one transaction.
 *
 * <p>A failure that may pass (network, rate limit) is retried twice within the run, after 2 and 4 seconds by
 * default ({@code vigil.collection.retry-backoff}).
 *
 * <p>Called by the scheduler only, one thread per integration at a time. A failure of any kind ends as a FAILED
 * run with a category and a message; it never propagates to the scheduler or to other integrations.
 */
@Component
class CollectionRunner {

    private static final Logger log = LoggerFactory.getLogger(CollectionRunner.class);

    private final IntegrationStore store;
    private final ConnectorRegistry connectors;
    private final Inventory inventory;
    private final EvidenceLedger evidence;
    private final CheckResults results;
    private final TransactionTemplate transaction;
    private final Clock clock;

    /** Attempts per run when a collection fails for a reason that may pass (network, rate limit). */
    static final int MAX_ATTEMPTS = 3;

    private final Duration retryBackoff;
    private final SecretEncryption secrets;

    CollectionRunner(
            IntegrationStore store,
            ConnectorRegistry connectors,
            Inventory inventory,
            EvidenceLedger evidence,
            CheckResults results,
            TransactionTemplate transaction,
            Clock clock,
            SecretEncryption secrets,
            @Value("${vigil.collection.retry-backoff:PT2S}") Duration retryBackoff) {
        this.retryBackoff = retryBackoff;
        this.secrets = secrets;
        this.store = store;
        this.connectors = connectors;
        this.inventory = inventory;
        this.evidence = evidence;
        this.results = results;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * Runs the integration once, unless it was deleted or disabled meanwhile.
     *
     * @return the run id, or empty when nothing ran
     */
    Optional<UUID> run(WorkspaceId workspace, UUID integrationId, String trigger) {
        Optional<StoredIntegration> found = store.find(workspace, integrationId);
        if (found.isEmpty() || !found.get().enabled()) {
            return Optional.empty();
        }
        StoredIntegration integration = found.get();
        if (AgentReports.isPushed(integration.connector())) {
            // Its agent reports it (AgentReports); a run here could only fail. Nothing schedules it knowingly.
            log.debug("Integration '{}' is filled by its agent; not collecting it here", integration.name());
            return Optional.empty();
        }
        // This node holds the scheduler's lock for the integration, so a run still marked RUNNING is a leftover.
        store.abandonRunning(
                workspace, integrationId, "Vigil stopped while this run was in progress.", clock.instant());
        UUID runId = store.startRun(workspace, integrationId, trigger, clock.instant())
                .orElseThrow();
        try {
            List<ObservedResource> observed = collect(workspace, runId, integration);
            store.progress(workspace, runId, "recording " + observed.size() + " resources and evaluating checks");
            Instant at = clock.instant();
            int[] counts =
                    transaction.execute(status -> record(workspace, runId, integration, observed, trigger, at, null));
            store.succeed(workspace, runId, counts[0], counts[1], clock.instant(), unread(observed));
            log.info(
                    "Run {} of integration '{}' ({}) succeeded: {} resources seen, {} changed, {} checks evaluated",
                    runId,
                    integration.name(),
                    integration.connector(),
                    counts[0],
                    counts[1],
                    counts[2]);
        } catch (CollectionException e) {
            String category = e.category().name().toLowerCase(Locale.ROOT).replace('_', '-');
            store.fail(workspace, runId, category, e.getMessage(), clock.instant());
            log.warn(
                    "Run {} of integration '{}' ({}) failed [{}]: {}",
                    runId,
                    integration.name(),
                    integration.connector(),
                    category,
                    e.getMessage());
        } catch (RuntimeException e) {
            store.fail(workspace, runId, "internal", "Unexpected error: " + e, clock.instant());
            log.error(
                    "Run {} of integration '{}' ({}) failed unexpectedly",
                    runId,
                    integration.name(),
                    integration.connector(),
                    e);
        }
        return Optional.of(runId);
    }

    /** What a run recorded. */
    record Recorded(UUID runId, int seen, int changed, int evaluated) {}

    /**
     * Records resources observed somewhere else (an agent's report) exactly as a collection run records what its
     * collector saw: a SUCCEEDED run with this trigger, resources upserted and unreported ones gone, evidence for
     * what changed, checks evaluated with the trigger as the drift events' cause. Joins the caller's transaction
     * (or opens one), so a refusal or failure after this call leaves nothing behind.
     *
     * @param observed resources of the connector's declared types, each (type, external id) once; checked by the
     *     caller
     * @param provenance where the observations came from, kept in each evidence record under {@code source}
     * @throws RunInProgressException when a run of the integration is in progress
     */
    Recorded recordObserved(
            WorkspaceId workspace,
            UUID integrationId,
            List<ObservedResource> observed,
            String trigger,
            Map<String, Object> provenance) {
        return transaction.execute(status -> {
            StoredIntegration integration = store.find(workspace, integrationId)
                    .orElseThrow(() -> new IntegrationNotFoundException(integrationId));
            Instant at = clock.instant();
            UUID runId = store.startRun(workspace, integrationId, trigger, at)
                    .orElseThrow(() -> new RunInProgressException(integrationId));
            int[] counts = record(workspace, runId, integration, observed, trigger, at, provenance);
            store.succeed(workspace, runId, counts[0], counts[1], clock.instant());
            return new Recorded(runId, counts[0], counts[1], counts[2]);
        });
    }

    private List<ObservedResource> collect(WorkspaceId workspace, UUID runId, StoredIntegration integration)
            throws CollectionException {
        ConnectorFactory factory = connectors
                .factory(integration.connector())
                .orElseThrow(() -> new CollectionException(
                        CollectionException.Category.CONFIGURATION,
                        "The connector '" + integration.connector() + "' is not installed in this Vigil."));
        ConnectorDescriptor descriptor = factory.descriptor();
        Map<String, Object> settings;
        try {
            settings = descriptor.configSchema().validate(integration.config());
        } catch (InvalidConfigurationException e) {
            throw new CollectionException(
                    CollectionException.Category.CONFIGURATION,
                    "The integration's settings are invalid: " + e.fieldErrors());
        }
        ConnectorConfiguration configuration =
                new ConnectorConfiguration(decryptSecrets(descriptor, integration.id(), settings));
        for (int attempt = 1; ; attempt++) {
            try {
                return withTimeout(
                        integration.timeoutSeconds(),
                        () -> collectOnce(
                                factory.create(configuration),
                                descriptor,
                                step -> store.progress(workspace, runId, step)));
            } catch (CollectionException e) {
                if (!e.category().isTransient()
                        || e.getCause() instanceof java.util.concurrent.TimeoutException
                        || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                Duration wait = retryBackoff.multipliedBy(1L << (attempt - 1));
                store.progress(workspace, runId, "retrying in " + wait.toSeconds() + " s after: " + e.getMessage());
                log.info(
                        "Run {}: attempt {} of {} failed [{}], retrying in {} ms: {}",
                        runId,
                        attempt,
                        MAX_ATTEMPTS,
                        e.category(),
                        wait.toMillis(),
                        e.getMessage());
                sleep(wait);
            }
        }
    }

    /** A collection that may throw what a collector throws. */
    private interface Collection {
        List<ObservedResource> collect() throws CollectionException;
    }

    /**
     * Runs one collection attempt on its own thread and stops waiting after the integration's timeout. The
     * collector's thread is interrupted; a collector that ignores interruption is abandoned (a daemon thread), and
     * the run fails either way.
     */
    private static List<ObservedResource> withTimeout(int seconds, Collection collection) throws CollectionException {
        java.util.concurrent.FutureTask<List<ObservedResource>> task = new java.util.concurrent.FutureTask<>(() -> {
            try {
                return collection.collect();
            } catch (CollectionException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        Thread thread = new Thread(task, "vigil-collector");
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get(seconds, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            task.cancel(true);
            throw new CollectionException(
                    CollectionException.Category.NETWORK,
                    "The collection did not finish within the integration's timeout of " + seconds
                            + " s; the system may be hanging or too slow (raise timeoutSeconds if it is just large)",
                    e);
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new CollectionException(CollectionException.Category.NETWORK, "Interrupted while collecting", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause =
                    e.getCause() instanceof java.util.concurrent.CompletionException c ? c.getCause() : e.getCause();
            if (cause instanceof CollectionException collectionException) {
                throw collectionException;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        }
    }

    /**
     * What the run could not read, across its resources (the connectors' {@code unknown} attributes), or {@code
     * null} when it read everything.
     */
    static String unread(List<ObservedResource> observed) {
        List<String> parts = new java.util.ArrayList<>();
        for (ObservedResource resource : observed) {
            resource.unknown()
                    .forEach((attribute, why) -> parts.add(resource.name() + ": " + attribute + " (" + why + ")"));
        }
        if (parts.isEmpty()) {
            return null;
        }
        String text = "Could not read " + parts.size() + (parts.size() == 1 ? " part: " : " parts: ")
                + String.join("; ", parts.subList(0, Math.min(parts.size(), 10)))
                + (parts.size() > 10 ? "; and " + (parts.size() - 10) + " more" : "");
        return text.length() > 2000 ? text.substring(0, 1999) + "…" : text;
    }

    /** Secrets are handed to the connector decrypted, for this run only; they are never logged. */
    private Map<String, Object> decryptSecrets(
            ConnectorDescriptor descriptor, UUID integrationId, Map<String, Object> settings)
            throws CollectionException {
        Map<String, Object> decrypted = new LinkedHashMap<>(settings);
        for (var property : descriptor.configSchema().properties()) {
            Object value = decrypted.get(property.name());
            if (property.secret() && SecretEncryption.isEncrypted(value)) {
                try {
                    decrypted.put(
                            property.name(),
                            secrets.decrypt(
                                    (String) value, Integrations.secretContext(integrationId, property.name())));
                } catch (IllegalStateException e) {
                    throw new CollectionException(
                            CollectionException.Category.CONFIGURATION,
                            e.getMessage() + "; enter the secret '" + property.name() + "' again");
                }
            }
        }
        return decrypted;
    }

    private static void sleep(Duration wait) throws CollectionException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollectionException(CollectionException.Category.NETWORK, "interrupted while waiting to retry");
        }
    }

    /**
     * Observes once with the given settings and stores nothing, for "test connection": no retries, so the test
     * shows the first failure as it is.
     *
     * @param integrationId the integration whose stored (encrypted) secrets the settings may hold, or null
     */
    List<ObservedResource> observe(String connector, UUID integrationId, Map<String, Object> config)
            throws CollectionException {
        ConnectorFactory factory = connectors
                .factory(connector)
                .orElseThrow(() -> new CollectionException(
                        CollectionException.Category.CONFIGURATION,
                        "The connector '" + connector + "' is not installed in this Vigil."));
        ConnectorDescriptor descriptor = factory.descriptor();
        Map<String, Object> settings;
        try {
            settings = descriptor.configSchema().validate(config);
        } catch (InvalidConfigurationException e) {
            throw new CollectionException(
                    CollectionException.Category.CONFIGURATION, "The settings are invalid: " + e.fieldErrors());
        }
        Map<String, Object> usable =
                integrationId == null ? settings : decryptSecrets(descriptor, integrationId, settings);
        return collectOnce(factory.create(new ConnectorConfiguration(usable)), descriptor, step -> {});
    }

    private List<ObservedResource> collectOnce(
            Collector collector, ConnectorDescriptor descriptor, java.util.function.Consumer<String> progress)
            throws CollectionException {
        Map<String, ObservedResource> observed = new LinkedHashMap<>();
        List<String> rejected = new ArrayList<>();
        collector.collect(new CollectionSink() {
            @Override
            public void accept(ObservedResource resource) {
                if (descriptor.resourceTypes().contains(resource.type())) {
                    observed.put(resource.type() + "\u0000" + resource.externalId(), resource);
                } else {
                    rejected.add(resource.type());
                }
            }

            @Override
            public void progress(String step) {
                progress.accept(step);
            }
        });
        if (!rejected.isEmpty()) {
            throw new CollectionException(
                    CollectionException.Category.INVALID_RESPONSE,
                    "The connector reported" + " resource types it does not declare: "
                            + rejected.stream().distinct().toList());
        }
        return List.copyOf(observed.values());
    }

    private int[] record(
            WorkspaceId workspace,
            UUID runId,
            StoredIntegration integration,
            List<ObservedResource> observed,
            String trigger,
            Instant at,
            Map<String, Object> provenance) {
        InventoryUpdate update = inventory.record(workspace, integration.id(), observed, at);
        Map<String, ObservedResource> byKey = new LinkedHashMap<>();
        observed.forEach(o -> byKey.put(o.type() + "\u0000" + o.externalId(), o));
        List<EvaluationInput> inputs = new ArrayList<>();
        for (ResourceRecord resource : update.seen()) {
            boolean changed = update.isChanged(resource);
            UUID evidenceId;
            if (changed) {
                ObservedResource source = byKey.get(resource.type() + "\u0000" + resource.externalId());
                Map<String, Object> content = new LinkedHashMap<>();
                content.put("connector", integration.connector());
                content.put("integration", integration.name());
                content.put("attributes", source.attributes());
                content.put("unknown", source.unknown());
                content.put("raw", source.raw());
                if (provenance != null) {
                    content.put("source", provenance);
                }
                EvidenceRecord appended = evidence.append(workspace, resource.id(), runId, at, content);
                evidenceId = appended.id();
            } else {
                evidenceId = evidence.latest(workspace, resource.id())
                        .map(EvidenceRecord::id)
                        .orElse(null);
            }
            inputs.add(new EvaluationInput(resource, evidenceId, changed));
        }
        var summary = results.evaluate(workspace, inputs, trigger, at);
        results.closeFor(
                workspace, update.gone().stream().map(ResourceRecord::id).toList(), at);
        return new int[] {update.seen().size(), update.changed().size(), summary.evaluated()};
    }
}
