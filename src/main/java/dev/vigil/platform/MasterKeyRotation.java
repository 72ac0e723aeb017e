package dev.vigil.platform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Rotates the master key while Vigil runs: a new primary key is added (new values use it at once, old ones still
 * decrypt), every module encrypts its stored values again, and only when all of them succeeded are the old keys
 * removed. A failure leaves the old keys in place, so nothing becomes unreadable; rotating again finishes the job.
 */
@Service
public class MasterKeyRotation {

    private static final Logger log = LoggerFactory.getLogger(MasterKeyRotation.class);

    private final SecretEncryption encryption;
    private final List<EncryptedValues> stores;

    MasterKeyRotation(SecretEncryption encryption, List<EncryptedValues> stores) {
        this.encryption = encryption;
        this.stores = stores;
    }

    /**
     * What a rotation did.
     *
     * @param reencrypted values encrypted again, per kind
     * @param retiredKeys old master keys removed
     */
    public record Report(int primaryKeyId, Map<String, Integer> reencrypted, int retiredKeys) {}

    /** @throws IllegalStateException when the key cannot be rotated here, or a value could not be re-encrypted */
    public synchronized Report rotate() {
        int primary = encryption.addPrimaryKey();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (EncryptedValues store : stores) {
            counts.put(store.name(), store.reencrypt(encryption));
        }
        int retired = encryption.retireOldKeys();
        log.warn(
                "Master key rotated: key {} is primary, {} old keys removed, re-encrypted {}",
                primary,
                retired,
                counts);
        return new Report(primary, counts, retired);
    }
}
