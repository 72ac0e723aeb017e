package dev.vigil.alerting;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/**
 * When an accepted-risk exception expires and its check still fails, the finding re-opens and alerts (cause
 * {@code exception-expired}). Swept every 30 seconds; each expiry is handled once across nodes.
 */
@Component
class ExceptionExpiry {

    private static final Logger log = LoggerFactory.getLogger(ExceptionExpiry.class);

    private final RiskExceptions exceptions;
    private final AlertPlanner planner;
    private final Clock clock;

    ExceptionExpiry(RiskExceptions exceptions, AlertPlanner planner, Clock clock) {
        this.exceptions = exceptions;
        this.planner = planner;
        this.clock = clock;
    }

    /** @return how many expiries re-opened an alert */
    int sweep() {
        int reopened = 0;
        for (RiskException exception : exceptions.expiredUnhandled(clock.instant())) {
            if (planner.exceptionExpired(exception, exceptions.workspaceOf(exception.id()))) {
                reopened++;
                log.info(
                        "Exception {} for {} expired while the check still fails; alert re-opened",
                        exception.id(),
                        exception.checkId());
            }
        }
        return reopened;
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        RecurringTask<Void> exceptionExpiryTask(ObjectProvider<ExceptionExpiry> expiry) {
            // Looked up when it runs: the planner needs the scheduler (through integrations), which needs this task.
            return Tasks.recurring("exception-expiry", FixedDelay.of(Duration.ofSeconds(30)))
                    .execute((instance, context) -> expiry.getObject().sweep());
        }
    }
}
