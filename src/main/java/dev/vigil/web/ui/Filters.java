package dev.vigil.web.ui;

import java.util.Locale;

/** Parsing of list filters from query parameters: an unknown value means "no filter", never an error page. */
final class Filters {

    private Filters() {}

    static <E extends Enum<E>> E parse(Class<E> type, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
