package dev.vigil.integration;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * One execution of an integration.
 *
 * @param trigger what started it: {@code schedule}, {@code manual} (run now), {@code startup}, {@code created}
 *     (a new integration) or {@code updated} (enabled again, or its settings changed)
 * @param progress the step in progress while running, shown live
 * @param errorCategory for failed runs: network, authentication, permission, rate-limited, invalid-response,
 *     configuration or internal
 */
public record CollectionRun(
        UUID id,
        UUID integrationId,
        String trigger,
        RunStatus status,
        String progress,
        Instant startedAt,
        Instant finishedAt,
        int resourcesSeen,
        int resourcesChanged,
        String errorCategory,
        String error) {

    /** Time taken, or so far. */
    public Duration duration(Instant now) {
        return Duration.between(startedAt, finishedAt == null ? now : finishedAt);
    }

    /** Run states. */
    public enum RunStatus {
        RUNNING,
        SUCCEEDED,
        /** Recorded what it saw, but some of the system could not be read (see the run's error). */
        PARTIAL,
        FAILED
    }
}
