/**
 * Process-wide infrastructure every capability relies on: the database (an embedded PostgreSQL under {@code
 * VIGIL_DATA_DIR}, or an external one from {@code VIGIL_DATABASE_URL}), the clock and Vigil's settings.
 *
 * <p>It owns no business data and knows no capability; capabilities receive what it provides ({@link
 * javax.sql.DataSource}, {@link java.time.Clock}) through injection.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform")
package dev.vigil.platform;
