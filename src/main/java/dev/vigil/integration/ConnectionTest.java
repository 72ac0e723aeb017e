package dev.vigil.integration;

import java.util.List;

/**
 * What "test connection" found, step by step: the settings, reaching and authenticating to the system, and
 * reading each kind of data. Nothing is stored.
 *
 * @param ok whether every step passed (a partial read still counts as reachable, but not as ok)
 */
public record ConnectionTest(boolean ok, List<Step> steps) {

    public ConnectionTest {
        steps = List.copyOf(steps);
    }

    /** One step and what happened. */
    public record Step(String name, Outcome outcome, String detail) {}

    /** How a step went. */
    public enum Outcome {
        PASSED,
        PARTIAL,
        FAILED,
        SKIPPED
    }
}
