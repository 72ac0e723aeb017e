package dev.vigil.identity;

import dev.vigil.platform.EncryptedValues;
import dev.vigil.platform.SecretEncryption;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** The encrypted secrets of people's authenticators (TOTP). */
@Component
class TotpSecretValues implements EncryptedValues {

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    TotpSecretValues(JdbcClient jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    @Override
    public String name() {
        return "authenticator secrets";
    }

    @Override
    public int reencrypt(SecretEncryption encryption) {
        List<UUID> users =
                jdbc.sql("select user_id from totp_factor").query(UUID.class).list();
        int count = 0;
        for (UUID user : users) {
            Boolean done = transaction.execute(status -> {
                String secret = jdbc.sql("select secret from totp_factor where user_id = ? for update")
                        .param(user)
                        .query(String.class)
                        .optional()
                        .orElse(null);
                if (!SecretEncryption.isEncrypted(secret)) {
                    return false;
                }
                jdbc.sql("update totp_factor set secret = ? where user_id = ?")
                        .params(encryption.reencrypt(secret, SecondFactors.context(user)), user)
                        .update();
                return true;
            });
            count += Boolean.TRUE.equals(done) ? 1 : 0;
        }
        return count;
    }
}
