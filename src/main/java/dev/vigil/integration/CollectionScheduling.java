package dev.vigil.integration;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.vigil.workspace.WorkspaceId;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One db-scheduler task instance per integration (instance id = integration id). db-scheduler executes an
 * instance on one node at a time, so runs of an integration never overlap, across a cluster too. After each run
 * the instance reschedules itself one interval later; a deleted or disabled integration's instance removes
 * itself.
 */
@Configuration(proxyBeanMethods = false)
class CollectionScheduling {

    static final String TASK_NAME = "integration-collection";

    /** Task data: the workspace and what triggered this execution, as {@code workspaceId:trigger}. */
    static String data(WorkspaceId workspace, String trigger) {
        return workspace.value() + ":" + trigger;
    }

    @Bean
    Task<String> integrationCollectionTask(CollectionRunner runner, IntegrationStore store, Clock clock) {
        return Tasks.custom(TASK_NAME, String.class)
                .onFailureReschedule(
                        com.github.kagkarlsson.scheduler.task.schedule.FixedDelay.of(Duration.ofMinutes(1)))
                .execute(
                        (TaskInstance<String> instance,
                                com.github.kagkarlsson.scheduler.task.ExecutionContext context) -> {
                            String[] data = instance.getData().split(":", 2);
                            WorkspaceId workspace = WorkspaceId.of(UUID.fromString(data[0]));
                            UUID integrationId = UUID.fromString(instance.getId());
                            String trigger = data.length > 1 ? data[1] : "schedule";
                            java.time.Instant started = clock.instant();
                            runner.run(workspace, integrationId, trigger);
                            return (CompletionHandler<String>) (complete, operations) -> store.find(
                                            workspace, integrationId)
                                    .filter(IntegrationStore.StoredIntegration::enabled)
                                    // An agent reports these; an instance for one (an inbound event) ends here.
                                    .filter(integration -> !AgentReports.isPushed(integration.connector()))
                                    .ifPresentOrElse(
                                            integration -> {
                                                // An event that arrived during the run asks for one more run now.
                                                boolean eventDuringRun =
                                                        store.eventRequestedSince(integrationId, started);
                                                operations.reschedule(
                                                        complete,
                                                        eventDuringRun
                                                                ? clock.instant()
                                                                : clock.instant()
                                                                        .plus(Duration.ofMinutes(
                                                                                integration.intervalMinutes())),
                                                        data(workspace, eventDuringRun ? "event" : "schedule"));
                                            },
                                            operations::remove);
                        });
    }
}
