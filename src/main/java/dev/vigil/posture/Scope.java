package dev.vigil.posture;

import java.time.Instant;
import java.util.Set;

/**
 * Whether a workspace pursues a framework, and which of its categories it leaves out (for SOC 2, the trust
 * services categories beyond security, which is always in).
 *
 * @param updatedBy who last changed it, or {@code null} while it is the default
 */
public record Scope(
        String frameworkId, boolean inScope, Set<String> excludedCategories, Instant updatedAt, String updatedBy) {

    public Scope {
        excludedCategories = Set.copyOf(excludedCategories);
    }

    static Scope defaultFor(String frameworkId) {
        return new Scope(frameworkId, true, Set.of(), null, null);
    }

    /** Whether a requirement of this framework with the given category counts. */
    public boolean includes(String category) {
        return inScope && (category == null || !excludedCategories.contains(category));
    }
}
