package dev.vigil.integration;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import dev.vigil.audit.AuditLog;
import dev.vigil.connector.ConfigProperty;
import dev.vigil.connector.ConnectorDescriptor;
import dev.vigil.connector.InvalidConfigurationException;
import dev.vigil.integration.IntegrationStore.StoredIntegration;
import dev.vigil.inventory.Inventory;
import dev.vigil.monitoring.CheckResults;
import dev.vigil.platform.SecretEncryption;
import dev.vigil.workspace.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The integrations of a workspace: configure, schedule, run now, read run history.
 *
 * <p>Every write names its actor ({@code user:alice@example.com}, {@code token:ci}, {@code system}) so it is
 * attributable.
 */
@Service
public class Integrations {

    private static final Logger log = LoggerFactory.getLogger(Integrations.class);
    /** Longest interval between scheduled runs: one week. */
    public static final int MAX_INTERVAL_MINUTES = 7 * 24 * 60;

    private final IntegrationStore store;
    private final ConnectorRegistry connectors;
    private final SchedulerClient scheduler;
    private final Task<String> task;
    private final Inventory inventory;
    private final CheckResults results;
    private final AuditLog audit;
    private final SecretEncryption secrets;
    private final CollectionRunner runner;
    private final Clock clock;

    Integrations(
            IntegrationStore store,
            ConnectorRegistry connectors,
            SchedulerClient scheduler,
            Task<String> integrationCollectionTask,
            Inventory inventory,
            CheckResults results,
            AuditLog audit,
            SecretEncryption secrets,
            CollectionRunner runner,
            Clock clock) {
        this.store = store;
        this.connectors = connectors;
        this.scheduler = scheduler;
        this.task = integrationCollectionTask;
        this.inventory = inventory;
        this.results = results;
        this.audit = audit;
        this.secrets = secrets;
        this.runner = runner;
        this.clock = clock;
    }

    public List<ConnectorDescriptor> connectors() {
        return connectors.descriptors();
    }

    public Optional<ConnectorDescriptor> connector(String id) {
        return connectors.descriptor(id);
    }

    public List<Integration> list(WorkspaceId workspace) {
        return store.all(workspace).stream().map(this::view).toList();
    }

    public Integration get(WorkspaceId workspace, UUID id) {
        return store.find(workspace, id).map(this::view).orElseThrow(() -> new IntegrationNotFoundException(id));
    }

    public Optional<Integration> find(WorkspaceId workspace, UUID id) {
        return store.find(workspace, id).map(this::view);
    }

    /** Creates an integration and, when enabled, runs it at once. */
    @Transactional
    public Integration create(WorkspaceId workspace, IntegrationRequest request, String actor) {
        Map<String, String> errors = new LinkedHashMap<>();
        ConnectorDescriptor descriptor = null;
        if (request.connector() == null || request.connector().isBlank()) {
            errors.put("connector", "is required; one of " + connectorIds());
        } else {
            descriptor = connectors.descriptor(request.connector()).orElse(null);
            if (descriptor == null) {
                errors.put("connector", "unknown connector '" + request.connector() + "'; one of " + connectorIds());
            }
        }
        Map<String, Object> config = Map.of();
        if (descriptor != null) {
            config = validateConfig(
                    descriptor, request.config() == null ? Map.of() : request.config(), Map.of(), errors);
        }
        String name = validateName(workspace, request.name(), null, errors);
        int interval = validateInterval(request.intervalMinutes(), errors);
        int timeout = validateTimeout(request.timeoutSeconds(), IntegrationRequest.DEFAULT_TIMEOUT_SECONDS, errors);
        if (!errors.isEmpty()) {
            throw new InvalidIntegrationException(errors);
        }
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        StoredIntegration integration = new StoredIntegration(
                id,
                workspace,
                descriptor.id(),
                name,
                encryptSecrets(descriptor, id, config),
                interval,
                request.enabled() == null || request.enabled(),
                timeout,
                now,
                actor,
                now,
                actor);
        store.insert(integration);
        if (integration.enabled() && !AgentReports.isPushed(integration.connector())) {
            afterCommit(() -> schedule(integration, now, "created"));
        }
        audit.record(workspace, actor, "integration.created", integration.id().toString(), summary(integration));
        log.info("Integration '{}' ({}) created by {}", name, descriptor.id(), actor);
        return view(integration);
    }

    /**
     * Changes an integration. The connector cannot change. A secret setting left out keeps its stored value.
     * Enabling schedules a run at once; disabling cancels the schedule.
     */
    @Transactional
    public Integration update(WorkspaceId workspace, UUID id, IntegrationRequest request, String actor) {
        StoredIntegration existing = store.find(workspace, id).orElseThrow(() -> new IntegrationNotFoundException(id));
        Map<String, String> errors = new LinkedHashMap<>();
        if (request.connector() != null && !request.connector().equals(existing.connector())) {
            errors.put("connector", "cannot change; create a new integration for another connector");
        }
        ConnectorDescriptor descriptor = connectors
                .descriptor(existing.connector())
                .orElseThrow(() -> new InvalidIntegrationException(Map.of(
                        "connector", "the connector '" + existing.connector() + "' is not installed in this Vigil")));
        Map<String, Object> config = validateConfig(
                descriptor, request.config() == null ? Map.of() : request.config(), existing.config(), errors);
        String name = validateName(workspace, request.name(), id, errors);
        int interval = validateInterval(request.intervalMinutes(), errors);
        int timeout = validateTimeout(request.timeoutSeconds(), existing.timeoutSeconds(), errors);
        if (!errors.isEmpty()) {
            throw new InvalidIntegrationException(errors);
        }
        boolean enabled = request.enabled() == null ? existing.enabled() : request.enabled();
        Instant now = clock.instant();
        StoredIntegration updated = new StoredIntegration(
                id,
                workspace,
                existing.connector(),
                name,
                encryptSecrets(descriptor, id, config),
                interval,
                enabled,
                timeout,
                existing.createdAt(),
                existing.createdBy(),
                now,
                actor);
        store.update(updated);
        TaskInstanceId instance = TaskInstanceId.of(CollectionScheduling.TASK_NAME, id.toString());
        if (!enabled) {
            cancelQuietly(instance);
        } else if ((!existing.enabled() || !existing.config().equals(config))
                && !AgentReports.isPushed(existing.connector())) {
            afterCommit(() -> schedule(updated, now, "updated"));
        }
        audit.record(workspace, actor, "integration.updated", id.toString(), summary(updated));
        log.info("Integration '{}' ({}) updated by {}", name, existing.connector(), actor);
        return view(updated);
    }

    /**
     * Deletes an integration: it stops running and disappears from lists; its resources are marked gone and their
     * results closed. Its evidence is kept for the audit period.
     */
    @Transactional
    public void delete(WorkspaceId workspace, UUID id, String actor) {
        StoredIntegration existing = store.find(workspace, id).orElseThrow(() -> new IntegrationNotFoundException(id));
        Instant now = clock.instant();
        store.delete(workspace, id, actor, now);
        List<UUID> gone = inventory.retire(workspace, id, now);
        results.closeFor(workspace, gone, now);
        afterCommit(() -> cancelQuietly(TaskInstanceId.of(CollectionScheduling.TASK_NAME, id.toString())));
        audit.record(
                workspace,
                actor,
                "integration.deleted",
                id.toString(),
                Map.of("name", existing.name(), "connector", existing.connector(), "resourcesRetired", gone.size()));
        log.info("Integration '{}' ({}) deleted by {}", existing.name(), existing.connector(), actor);
    }

    /**
     * Asks for a run as soon as possible.
     *
     * @throws RunInProgressException when a run is in progress
     * @throws InvalidIntegrationException when the integration is disabled
     */
    public void runNow(WorkspaceId workspace, UUID id, String actor) {
        StoredIntegration integration =
                store.find(workspace, id).orElseThrow(() -> new IntegrationNotFoundException(id));
        if (!integration.enabled()) {
            throw new InvalidIntegrationException(
                    Map.of("enabled", "the integration is disabled; enable it to run it"));
        }
        if (AgentReports.isPushed(integration.connector())) {
            throw new InvalidIntegrationException(Map.of(
                    "connector",
                    "is " + integration.connector() + ": the agent on the machine reports it; Vigil does not"
                            + " collect it"));
        }
        boolean running = store.latestRun(workspace, id)
                .filter(run -> run.status() == CollectionRun.RunStatus.RUNNING)
                .isPresent();
        if (running || !schedule(integration, clock.instant(), "manual")) {
            throw new RunInProgressException(id);
        }
        audit.record(workspace, actor, "integration.run-requested", id.toString(), Map.of("name", integration.name()));
        log.info("Run of integration '{}' requested by {}", integration.name(), actor);
    }

    /** Tests an existing integration with its stored settings. Nothing is stored; the test is audited. */
    public ConnectionTest testConnection(WorkspaceId workspace, UUID id, String actor) {
        StoredIntegration integration =
                store.find(workspace, id).orElseThrow(() -> new IntegrationNotFoundException(id));
        ConnectionTest result = test(integration.connector(), integration.id(), integration.config());
        audit.record(workspace, actor, "integration.tested", id.toString(), Map.of("ok", result.ok()));
        return result;
    }

    /**
     * Tests settings before an integration is created. Nothing is stored.
     *
     * @throws InvalidIntegrationException for an unknown connector
     */
    public ConnectionTest testConnection(
            WorkspaceId workspace, String connector, Map<String, Object> config, String actor) {
        if (connectors.descriptor(connector).isEmpty()) {
            throw new InvalidIntegrationException(
                    Map.of("connector", "unknown connector '" + connector + "'; one of " + connectorIds()));
        }
        ConnectionTest result = test(connector, null, config == null ? Map.of() : config);
        audit.record(workspace, actor, "connector.tested", connector, Map.of("ok", result.ok()));
        return result;
    }

    private ConnectionTest test(String connector, UUID integrationId, Map<String, Object> config) {
        ConnectorDescriptor descriptor = connectors.descriptor(connector).orElseThrow();
        List<ConnectionTest.Step> steps = new java.util.ArrayList<>();
        try {
            descriptor.configSchema().validate(config);
            steps.add(new ConnectionTest.Step("settings", ConnectionTest.Outcome.PASSED, "The settings are valid."));
        } catch (InvalidConfigurationException e) {
            steps.add(
                    new ConnectionTest.Step("settings", ConnectionTest.Outcome.FAILED, "Invalid: " + e.fieldErrors()));
            steps.add(new ConnectionTest.Step("connect", ConnectionTest.Outcome.SKIPPED, "Fix the settings first."));
            return new ConnectionTest(false, steps);
        }
        List<dev.vigil.connector.ObservedResource> observed;
        try {
            observed = runner.observe(connector, integrationId, config);
        } catch (dev.vigil.connector.CollectionException e) {
            steps.add(new ConnectionTest.Step(
                    "connect",
                    ConnectionTest.Outcome.FAILED,
                    e.category().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ": " + e.getMessage()));
            return new ConnectionTest(false, steps);
        } catch (RuntimeException e) {
            log.error("Connection test of {} failed unexpectedly", connector, e);
            steps.add(new ConnectionTest.Step("connect", ConnectionTest.Outcome.FAILED, "Unexpected error: " + e));
            return new ConnectionTest(false, steps);
        }
        steps.add(new ConnectionTest.Step(
                "connect",
                ConnectionTest.Outcome.PASSED,
                "Reached the system and read " + observed.size() + " resources."));
        boolean complete = true;
        for (String type : descriptor.resourceTypes()) {
            List<dev.vigil.connector.ObservedResource> ofType =
                    observed.stream().filter(r -> r.type().equals(type)).toList();
            List<String> unreadable = new java.util.ArrayList<>();
            ofType.forEach(
                    r -> r.unknown().forEach((key, why) -> unreadable.add(r.name() + ": " + key + " (" + why + ")")));
            if (ofType.isEmpty()) {
                steps.add(new ConnectionTest.Step("read " + type, ConnectionTest.Outcome.PARTIAL, "None found."));
                complete = false;
            } else if (unreadable.isEmpty()) {
                steps.add(new ConnectionTest.Step(
                        "read " + type, ConnectionTest.Outcome.PASSED, ofType.size() + " read completely."));
            } else {
                steps.add(new ConnectionTest.Step(
                        "read " + type,
                        ConnectionTest.Outcome.PARTIAL,
                        ofType.size() + " read; could not read " + String.join("; ", unreadable)));
                complete = false;
            }
        }
        return new ConnectionTest(complete, steps);
    }

    public List<CollectionRun> runs(WorkspaceId workspace, UUID id, UUID before, int limit) {
        store.find(workspace, id).orElseThrow(() -> new IntegrationNotFoundException(id));
        return store.runs(workspace, id, before, limit);
    }

    public Optional<CollectionRun> latestRun(WorkspaceId workspace, UUID id) {
        return store.latestRun(workspace, id);
    }

    public Optional<CollectionRun> run(WorkspaceId workspace, UUID runId) {
        return store.run(workspace, runId);
    }

    /** When the next scheduled run is due, if scheduled. */
    public Optional<Instant> nextRun(UUID id) {
        return scheduler
                .getScheduledExecution(TaskInstanceId.of(CollectionScheduling.TASK_NAME, id.toString()))
                .map(execution -> execution.getExecutionTime());
    }

    /** At start: fail runs a stopped process left behind, and make sure every enabled integration is scheduled. */
    @EventListener(ApplicationReadyEvent.class)
    void scheduleAtStart() {
        int abandoned = store.abandonOrphanedRuns(
                CollectionScheduling.TASK_NAME, "Vigil stopped while this run was in progress.", clock.instant());
        if (abandoned > 0) {
            log.warn("{} collection runs were interrupted by the last shutdown and are marked failed", abandoned);
        }
        for (StoredIntegration integration : store.allEnabled()) {
            if (AgentReports.isPushed(integration.connector())) {
                continue;
            }
            scheduler.scheduleIfNotExists(
                    task.instance(
                            integration.id().toString(),
                            CollectionScheduling.data(integration.workspaceId(), "startup")),
                    clock.instant());
        }
    }

    /** Schedules (or moves) the integration's run to {@code at}; false when its run is executing right now. */
    private boolean schedule(StoredIntegration integration, Instant at, String trigger) {
        TaskInstance<String> instance = task.instance(
                integration.id().toString(), CollectionScheduling.data(integration.workspaceId(), trigger));
        if (scheduler.scheduleIfNotExists(instance, at)) {
            return true;
        }
        try {
            return scheduler.reschedule(instance, at, CollectionScheduling.data(integration.workspaceId(), trigger));
        } catch (RuntimeException e) {
            // db-scheduler refuses to move an execution that is picked (running).
            return false;
        }
    }

    /**
     * Runs {@code action} once the caller's transaction has committed, so the scheduler (which uses its own
     * connections) never executes a run for an integration it cannot see yet.
     */
    private static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }

    private void cancelQuietly(TaskInstanceId instance) {
        try {
            scheduler.cancel(instance);
        } catch (RuntimeException e) {
            log.debug("Nothing to cancel for {}: {}", instance.getId(), e.getMessage());
        }
    }

    private Map<String, Object> validateConfig(
            ConnectorDescriptor descriptor,
            Map<String, Object> raw,
            Map<String, Object> stored,
            Map<String, String> errors) {
        Map<String, Object> merged = new LinkedHashMap<>(raw);
        for (ConfigProperty property : descriptor.configSchema().properties()) {
            if (property.secret() && SecretEncryption.isEncrypted(raw.get(property.name()))) {
                errors.put("config." + property.name(), "must be the secret itself, not a stored (encrypted) value");
            }
            if (property.secret() && !merged.containsKey(property.name()) && stored.containsKey(property.name())) {
                merged.put(property.name(), stored.get(property.name()));
            }
        }
        try {
            return descriptor.configSchema().validate(merged);
        } catch (InvalidConfigurationException e) {
            e.fieldErrors().forEach((field, message) -> errors.put("config." + field, message));
            return Map.of();
        }
    }

    /** Secret settings are stored only encrypted, each bound to this integration and field. */
    private Map<String, Object> encryptSecrets(ConnectorDescriptor descriptor, UUID id, Map<String, Object> config) {
        Map<String, Object> stored = new LinkedHashMap<>(config);
        for (ConfigProperty property : descriptor.configSchema().properties()) {
            Object value = stored.get(property.name());
            if (property.secret() && value instanceof String secret && !SecretEncryption.isEncrypted(secret)) {
                stored.put(property.name(), secrets.encrypt(secret, secretContext(id, property.name())));
            }
        }
        return stored;
    }

    /** What a secret setting's ciphertext is bound to. */
    static String secretContext(UUID integrationId, String field) {
        return "integration:" + integrationId + ":" + field;
    }

    private String validateName(WorkspaceId workspace, String name, UUID except, Map<String, String> errors) {
        if (name == null || name.isBlank()) {
            errors.put("name", "is required");
            return null;
        }
        String trimmed = name.strip();
        if (trimmed.length() > 100) {
            errors.put("name", "must be at most 100 characters");
        } else if (store.nameTaken(workspace, trimmed, except)) {
            errors.put("name", "another integration is already called '" + trimmed + "'");
        }
        return trimmed;
    }

    /** Longest run an integration may ask for. */
    public static final int MAX_TIMEOUT_SECONDS = 3600;

    private static int validateTimeout(Integer seconds, int fallback, Map<String, String> errors) {
        if (seconds == null) {
            return fallback;
        }
        if (seconds < 5 || seconds > MAX_TIMEOUT_SECONDS) {
            errors.put("timeoutSeconds", "must be between 5 and " + MAX_TIMEOUT_SECONDS + " seconds");
        }
        return seconds;
    }

    private static int validateInterval(Integer minutes, Map<String, String> errors) {
        if (minutes == null) {
            return IntegrationRequest.DEFAULT_INTERVAL_MINUTES;
        }
        if (minutes < 1 || minutes > MAX_INTERVAL_MINUTES) {
            errors.put("intervalMinutes", "must be between 1 and " + MAX_INTERVAL_MINUTES + " minutes");
        }
        return minutes;
    }

    /**
     * What the audit log keeps of an integration: never setting values (a secret must not leak into the log),
     * only which settings are set.
     */
    private static Map<String, Object> summary(StoredIntegration integration) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("name", integration.name());
        summary.put("connector", integration.connector());
        summary.put("intervalMinutes", integration.intervalMinutes());
        summary.put("enabled", integration.enabled());
        summary.put(
                "settings",
                List.copyOf(new java.util.TreeSet<>(integration.config().keySet())));
        return summary;
    }

    private List<String> connectorIds() {
        return connectors.descriptors().stream().map(ConnectorDescriptor::id).toList();
    }

    private Integration view(StoredIntegration stored) {
        Map<String, Object> visible = new LinkedHashMap<>();
        Set<String> secretsSet = new LinkedHashSet<>();
        Optional<ConnectorDescriptor> descriptor = connectors.descriptor(stored.connector());
        stored.config().forEach((key, value) -> {
            boolean secret = descriptor
                    .flatMap(d -> d.configSchema().property(key))
                    .map(ConfigProperty::secret)
                    .orElse(true);
            if (secret) {
                secretsSet.add(key);
            } else {
                visible.put(key, value);
            }
        });
        return new Integration(
                stored.id(),
                stored.workspaceId(),
                stored.connector(),
                stored.name(),
                visible,
                secretsSet,
                stored.intervalMinutes(),
                stored.enabled(),
                stored.timeoutSeconds(),
                stored.createdAt(),
                stored.createdBy(),
                stored.updatedAt(),
                stored.updatedBy());
    }
}
