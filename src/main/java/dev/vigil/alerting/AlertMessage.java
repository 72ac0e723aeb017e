package dev.vigil.alerting;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Everything a notice says, captured when it is created so that a retry days later sends the same words. This is
 * also the body of version 1 of the generic webhook payload (see {@code docs/alert-webhook.md}).
 *
 * @param kind {@code opened}, {@code resolved}, {@code flapping}, {@code reopened} (an exception expired while
 *     the check still fails) or {@code test}
 * @param cause what triggered the evaluation: {@code schedule}, {@code manual}, {@code event}, {@code stale},
 *     {@code exception-expired} …
 * @param since when the (check, resource) went out of compliance
 * @param previouslyResolvedAt when the same (check, resource) was last fixed: the alert is a regression
 */
public record AlertMessage(
        String kind,
        UUID noticeId,
        UUID alertId,
        UUID workspaceId,
        Instant occurredAt,
        String severity,
        String cause,
        CheckRef check,
        ResourceRef resource,
        Change change,
        Instant since,
        Instant previouslyResolvedAt,
        boolean flapping,
        List<ControlRef> controls,
        List<RequirementRef> requirements,
        List<String> categories,
        String url) {

    public AlertMessage {
        controls = controls == null ? List.of() : List.copyOf(controls);
        requirements = requirements == null ? List.of() : List.copyOf(requirements);
        categories = categories == null ? List.of() : List.copyOf(categories);
    }

    public record CheckRef(String id, String title, String rationale, String remediation) {}

    public record ResourceRef(
            UUID id, String name, String type, String externalId, UUID integrationId, String integrationName) {}

    /** Before and after: status, the observed value and the reason given by the check. */
    public record Change(String previousStatus, String status, State before, State after) {}

    public record State(String status, String observed, String reason) {}

    public record ControlRef(String id, String title) {}

    public record RequirementRef(String framework, String id, String title) {}

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    /** One line naming what happened, for subjects, chat messages and incident titles. */
    public String summary() {
        String what = check.title() + " — " + resource.name();
        return switch (kind) {
            case "resolved" -> "Resolved: " + what;
            case "flapping" -> "Flapping: " + what + " keeps changing state";
            case "reopened" -> "Exception expired, still " + change.status().toLowerCase(Locale.ROOT) + ": " + what;
            case "test" -> "Test alert from Vigil: the channel works";
            default ->
                previouslyResolvedAt != null
                        ? "Failing again (fixed on " + DAY.format(previouslyResolvedAt) + "): " + what
                        : (change.status().equals("ERROR") ? "Cannot evaluate: " : "Failing: ") + what;
        };
    }

    /** Severity label used in titles: {@code [HIGH]}. */
    public String severityLabel() {
        return "[" + severity.toUpperCase(Locale.ROOT) + "]";
    }

    /** Plain-text body shared by email and chat channels. */
    public String text() {
        StringBuilder text = new StringBuilder();
        text.append(severityLabel()).append(' ').append(summary()).append("\n\n");
        if (kind.equals("test")) {
            text.append("This is a test sent from Vigil to check that the channel delivers. No action is needed.\n");
            return text.toString();
        }
        text.append("Check: ")
                .append(check.title())
                .append(" (")
                .append(check.id())
                .append(")\n");
        text.append("Resource: ")
                .append(resource.name())
                .append(" (")
                .append(resource.type())
                .append(')');
        if (resource.integrationName() != null) {
            text.append(", integration ").append(resource.integrationName());
        }
        text.append('\n');
        if (change.before() != null) {
            text.append("Before: ").append(describe(change.before())).append('\n');
        }
        text.append("Now: ").append(describe(change.after())).append('\n');
        if (kind.equals("resolved")) {
            text.append("Out of compliance from ")
                    .append(since)
                    .append(" until ")
                    .append(occurredAt);
        } else {
            text.append("Since: ").append(since);
        }
        text.append(" (cause: ").append(cause).append(")\n");
        if (previouslyResolvedAt != null && !kind.equals("resolved")) {
            text.append("Regression: this was fixed on ")
                    .append(previouslyResolvedAt)
                    .append('\n');
        }
        if (!controls.isEmpty()) {
            text.append("\nControls affected:\n");
            controls.forEach(c -> text.append("- ")
                    .append(c.id())
                    .append(": ")
                    .append(c.title())
                    .append('\n'));
        }
        if (!requirements.isEmpty()) {
            text.append("\nFramework requirements affected: ");
            text.append(String.join(
                    ", ",
                    requirements.stream().map(r -> r.framework() + " " + r.id()).toList()));
            text.append('\n');
        }
        if (!kind.equals("resolved") && check.remediation() != null) {
            text.append("\nHow to fix:\n").append(check.remediation().strip()).append('\n');
        }
        text.append("\nOpen in Vigil: ").append(url).append('\n');
        return text.toString();
    }

    private static String describe(State state) {
        StringBuilder s = new StringBuilder(state.status());
        if (state.observed() != null && !state.observed().isBlank()) {
            s.append(", observed ").append(state.observed());
        }
        if (state.reason() != null && !state.reason().isBlank()) {
            s.append(" — ").append(state.reason());
        }
        return s.toString();
    }
}
