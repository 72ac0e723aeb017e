package dev.vigil.catalog;

import java.util.List;

/**
 * How completely the control library covers one framework — a property of the content, not of any workspace's
 * results.
 *
 * @param total requirements of the framework
 * @param mapped requirements with at least one control
 * @param automated mapped requirements with at least one control proven by automated checks
 * @param manualOnly mapped requirements none of whose controls has an automated check (they rest on evidence
 *     tasks and documents)
 * @param notApplicable requirements marked not applicable, with a reason
 * @param unmapped ids of in-scope requirements no control covers (0 for shipped frameworks)
 */
public record Coverage(
        String frameworkId,
        int total,
        int mapped,
        int automated,
        int manualOnly,
        int notApplicable,
        List<String> unmapped) {

    public Coverage {
        unmapped = List.copyOf(unmapped);
    }
}
