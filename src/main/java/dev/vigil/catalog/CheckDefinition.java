package dev.vigil.catalog;

import java.util.List;
import java.util.Map;

/**
 * An automated test evaluated per resource of one type.
 *
 * <p>A CEL check has an {@code expression} (true = PASS), an {@code observed} expression whose value the reason
 * quotes, and reason templates where {@code {observed}} is replaced. A Java check ({@link
 * Implementation#JAVA}) is evaluated by code registered under the same id.
 *
 * @param requires top-level attributes that must be known; when the connector could not determine one, the
 *     result is ERROR with the connector's reason
 * @param applicableWhen optional CEL; when false the result is NOT_APPLICABLE with {@code notApplicableReason}
 * @param parameters thresholds, readable in CEL as {@code params.<name>}
 * @param fingerprint hash of everything that decides the outcome; a changed fingerprint forces re-evaluation
 * @param source where the definition was read, for error messages
 */
public record CheckDefinition(
        String id,
        String title,
        String resourceType,
        Severity severity,
        Implementation implementation,
        List<String> requires,
        String applicableWhen,
        String notApplicableReason,
        String expression,
        String observed,
        String passReason,
        String failReason,
        Map<String, Object> parameters,
        String rationale,
        String remediation,
        String fingerprint,
        ContentLocation source) {

    public CheckDefinition {
        requires = List.copyOf(requires);
        parameters = Map.copyOf(parameters);
    }

    /** How a check is evaluated. */
    public enum Implementation {
        CEL,
        JAVA
    }
}
