package dev.vigil.platform;

/**
 * Values a module stores encrypted with {@link SecretEncryption}. Each module that stores some provides one bean,
 * so that rotating the master key can encrypt every value again with the new key.
 */
public interface EncryptedValues {

    /** What these values are, for the rotation report (for example {@code integration settings}). */
    String name();

    /**
     * Decrypts every stored value and encrypts it again with the current primary key, row by row.
     *
     * @return how many values were encrypted again
     */
    int reencrypt(SecretEncryption encryption);
}
