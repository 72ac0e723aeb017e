package dev.vigil.catalog;

/** How bad a failing check is; orders the failing list and, later, alert routing. */
public enum Severity {
    CRITICAL,
    HIGH,
    MEDIUM,
    LOW;

    public static Severity parse(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
