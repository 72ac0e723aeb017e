package dev.vigil.catalog;

import java.util.List;
import java.util.Map;

/**
 * A statement of what the company does, proven by checks (and, later, evidence tasks), mapped to framework
 * requirements.
 *
 * @param checkIds checks that prove the control automatically; empty when only manual evidence can
 * @param mappings framework id to requirement ids
 */
public record Control(
        String id,
        String title,
        String description,
        String category,
        String ownerRole,
        String frequency,
        List<String> checkIds,
        Map<String, List<String>> mappings) {

    public Control {
        checkIds = List.copyOf(checkIds);
        mappings = Map.copyOf(mappings);
    }
}
