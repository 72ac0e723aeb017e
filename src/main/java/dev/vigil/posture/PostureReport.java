package dev.vigil.posture;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The whole posture of a workspace at one moment. */
public record PostureReport(
        List<FrameworkPosture> frameworks,
        List<ControlStatus> controls,
        List<CheckRollup> checks,
        Instant generatedAt) {

    /** The frameworks the workspace pursues, as the dashboard and {@code /api/v1/posture} show them. */
    public List<FrameworkPosture> inScopeFrameworks() {
        return frameworks.stream().filter(f -> f.scope().inScope()).toList();
    }

    public Optional<FrameworkPosture> framework(String id) {
        return frameworks.stream().filter(f -> f.framework().id().equals(id)).findFirst();
    }

    public Optional<ControlStatus> control(String id) {
        return controls.stream().filter(c -> c.control().id().equals(id)).findFirst();
    }

    public Optional<CheckRollup> check(String id) {
        return checks.stream().filter(c -> c.check().id().equals(id)).findFirst();
    }
}
