package dev.vigil.alerting;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every 15 seconds: failures whose grace window ended become alerts, and flapping findings that went quiet
 * settle. Each alert is handled under a row lock, so several nodes can sweep at once.
 */
@Configuration(proxyBeanMethods = false)
class AlertSweep {

    @Bean
    RecurringTask<Void> alertSweepTask(ObjectProvider<AlertPlanner> planner, Clock clock) {
        // Looked up when it runs: the planner needs the scheduler (through integrations), which needs this task.
        return Tasks.recurring("alert-sweep", FixedDelay.of(Duration.ofSeconds(15)))
                .execute((instance, context) -> {
                    planner.getObject().promoteDue(clock.instant());
                    planner.getObject().settleFlapping(clock.instant());
                });
    }
}
