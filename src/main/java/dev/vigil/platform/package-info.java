/**
 * Process-wide infrastructure every capability relies on: the database (an embedded PostgreSQL under {@code
 * VIGIL_DATA_DIR}, or an external one from {@code VIGIL_DATABASE_URL}), the clock, Vigil's settings, and the
 * encryption of secrets at rest ({@code SecretEncryption}) with master key rotation ({@code MasterKeyRotation}:
 * each capability that stores secrets re-encrypts its own through {@code EncryptedValues}).
 *
 * <p>It owns no business data and knows no capability; capabilities receive what it provides ({@link
 * javax.sql.DataSource}, {@link java.time.Clock}) through injection.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform")
package dev.vigil.platform;
