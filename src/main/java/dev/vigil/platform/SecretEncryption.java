package dev.vigil.platform;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.KmsEnvelopeAead;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Envelope encryption for secrets at rest (integration credentials today; channel secrets and personal data
 * later). Every value gets its own AES-256-GCM data key, which is itself encrypted with the master key; the
 * ciphertext is bound to a context string (for example the integration and field), so a value copied to another
 * row does not decrypt.
 *
 * <p>The master key is a Tink keyset: from {@code VIGIL_MASTER_KEY} (the keyset JSON, or that JSON in base64),
 * or else from {@code VIGIL_DATA_DIR/master-key.json}, generated at first start with owner-only permissions.
 * Losing it makes stored secrets unreadable: back it up apart from the database.
 */
@Component
public class SecretEncryption {

    private static final Logger log = LoggerFactory.getLogger(SecretEncryption.class);

    /** Marks an encrypted value, with the format version, so stored values are recognisable and upgradable. */
    public static final String PREFIX = "vigil-encrypted:v1:";

    private volatile Aead envelope;
    private volatile KeysetHandle master;
    private final Path keyFile;

    SecretEncryption(VigilProperties properties, @Value("${vigil.master-key:}") String masterKey) {
        try {
            AeadConfig.register();
            boolean fromFile = masterKey == null || masterKey.isBlank();
            this.keyFile = fromFile ? properties.dataDir().resolve("master-key.json") : null;
            use(fromFile ? fromFile(keyFile) : fromSetting(masterKey.strip()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "The master key cannot be used: " + e.getMessage()
                            + " (VIGIL_MASTER_KEY must be a Tink keyset in JSON, or that JSON in base64)",
                    e);
        }
    }

    private void use(KeysetHandle keyset) throws GeneralSecurityException {
        Aead keyEncryption = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
        this.envelope = KmsEnvelopeAead.create(PredefinedAeadParameters.AES256_GCM, keyEncryption);
        this.master = keyset;
    }

    /** Whether the master key can be rotated from inside Vigil: only a key file can be rewritten. */
    public boolean rotatable() {
        return keyFile != null;
    }

    /** Ids of the master keys in the keyset, the primary (used for new values) first. */
    public synchronized java.util.List<Integer> keyIds() {
        java.util.List<Integer> ids = new java.util.ArrayList<>();
        ids.add(master.getPrimary().getId());
        for (int i = 0; i < master.size(); i++) {
            if (master.getAt(i).getId() != master.getPrimary().getId()) {
                ids.add(master.getAt(i).getId());
            }
        }
        return ids;
    }

    /**
     * Adds a new master key and makes it the primary: new values use it, old values still decrypt with the
     * previous keys until {@link #retireOldKeys} after every value has been encrypted again.
     *
     * @return the new key's id
     * @throws IllegalStateException when the key comes from {@code VIGIL_MASTER_KEY}
     */
    public synchronized int addPrimaryKey() {
        requireRotatable();
        try {
            KeysetHandle.Builder builder = KeysetHandle.newBuilder(master);
            builder.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                    .withRandomId()
                    .makePrimary());
            KeysetHandle rotated = builder.build();
            write(keyFile, rotated);
            use(rotated);
            log.warn(
                    "Added master key {} as primary in {}; back the file up again",
                    rotated.getPrimary().getId(),
                    keyFile);
            return rotated.getPrimary().getId();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not add a master key: " + e.getMessage(), e);
        }
    }

    /**
     * Removes every master key but the primary. Call only after every stored value was encrypted again with the
     * primary: a value still under a removed key can never be read again.
     *
     * @return how many keys were removed
     */
    public synchronized int retireOldKeys() {
        requireRotatable();
        try {
            KeysetHandle.Builder builder = KeysetHandle.newBuilder(master);
            int removed = 0;
            for (int i = builder.size() - 1; i >= 0; i--) {
                if (!builder.getAt(i).isPrimary()) {
                    builder.deleteAt(i);
                    removed++;
                }
            }
            KeysetHandle retired = builder.build();
            write(keyFile, retired);
            use(retired);
            return removed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not remove the old master keys: " + e.getMessage(), e);
        }
    }

    private void requireRotatable() {
        if (keyFile == null) {
            throw new IllegalStateException(
                    "The master key comes from VIGIL_MASTER_KEY, which Vigil cannot rewrite: add a new primary key to"
                            + " that keyset with Tinkey, restart, then rotate again to re-encrypt stored secrets");
        }
    }

    /** Rewrites the key file atomically, owner-only. */
    private static void write(Path file, KeysetHandle keyset) throws GeneralSecurityException {
        try {
            Path temporary = Files.createTempFile(
                    file.getParent(),
                    "master-key",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(
                    temporary,
                    TinkJsonProtoKeysetFormat.serializeKeyset(
                            keyset, RegistryConfiguration.get(), InsecureSecretKeyAccess.get()));
            Files.move(
                    temporary,
                    file,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the master key file " + file, e);
        }
    }

    /**
     * Decrypts a value and encrypts it again with the primary key, for the same context.
     *
     * @return the value unchanged when it is not an encrypted value
     */
    public String reencrypt(String value, String context) {
        if (!isEncrypted(value)) {
            return value;
        }
        return encrypt(decrypt(value, context), context);
    }

    private static KeysetHandle fromSetting(String value) throws GeneralSecurityException {
        String json =
                value.startsWith("{") ? value : new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        log.info("Secrets are encrypted with the master key from VIGIL_MASTER_KEY");
        return TinkJsonProtoKeysetFormat.parseKeyset(json, RegistryConfiguration.get(), InsecureSecretKeyAccess.get());
    }

    private static KeysetHandle fromFile(Path file) throws GeneralSecurityException {
        try {
            if (Files.exists(file)) {
                log.info("Secrets are encrypted with the master key in {}", file);
                return TinkJsonProtoKeysetFormat.parseKeyset(
                        Files.readString(file), RegistryConfiguration.get(), InsecureSecretKeyAccess.get());
            }
            KeysetHandle generated =
                    KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM, RegistryConfiguration.get());
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(
                    file.getParent(),
                    "master-key",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(
                    temporary,
                    TinkJsonProtoKeysetFormat.serializeKeyset(
                            generated, RegistryConfiguration.get(), InsecureSecretKeyAccess.get()));
            Files.move(temporary, file);
            log.warn(
                    "Generated a new master key in {}; back it up apart from the database: without it stored"
                            + " secrets cannot be read",
                    file);
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the master key file " + file, e);
        }
    }

    /** Encrypts a secret for one context (for example {@code integration:<id>:password}). */
    public String encrypt(String plaintext, String context) {
        try {
            byte[] ciphertext = envelope.encrypt(
                    plaintext.getBytes(StandardCharsets.UTF_8), context.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ciphertext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /**
     * Decrypts a value {@link #encrypt} produced for the same context.
     *
     * @throws IllegalStateException when the value was changed, belongs to another context or another master key
     */
    public String decrypt(String value, String context) {
        if (!isEncrypted(value)) {
            throw new IllegalArgumentException("not an encrypted value");
        }
        try {
            byte[] plaintext = envelope.decrypt(
                    Base64.getDecoder().decode(value.substring(PREFIX.length())),
                    context.getBytes(StandardCharsets.UTF_8));
            return new String(plaintext, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "A stored secret cannot be decrypted (" + context + "): it was altered,"
                            + " copied from elsewhere, or encrypted with another master key",
                    e);
        }
    }

    public static boolean isEncrypted(Object value) {
        return value instanceof String s && s.startsWith(PREFIX);
    }
}
