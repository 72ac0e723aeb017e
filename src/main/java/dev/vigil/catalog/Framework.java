package dev.vigil.catalog;

import java.util.List;

/** A framework (standard or law) and its requirements, in citation order. */
public record Framework(
        String id,
        String name,
        String fullName,
        String version,
        String publisher,
        String url,
        String description,
        List<Requirement> requirements) {

    public Framework {
        requirements = List.copyOf(requirements);
    }
}
