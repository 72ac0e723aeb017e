package dev.vigil.web.ui;

import java.util.function.IntSupplier;

/**
 * How many alerts are open, for the count beside "Alerts" in the navigation. Counted when the page first asks,
 * so fragments and pages without the navigation cost no query.
 */
public final class OpenAlertCount {

    private final IntSupplier counter;
    private Integer value;

    OpenAlertCount(IntSupplier counter) {
        this.counter = counter;
    }

    public int value() {
        if (value == null) {
            value = counter.getAsInt();
        }
        return value;
    }
}
