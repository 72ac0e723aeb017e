package dev.vigil.alerting;

import dev.vigil.platform.EncryptedValues;
import dev.vigil.platform.SecretEncryption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The encrypted settings of alert channels (webhook URLs, signing secrets, routing keys), deleted ones included. */
@Component
class ChannelSecretValues implements EncryptedValues {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TransactionTemplate transaction;

    ChannelSecretValues(JdbcClient jdbc, JsonMapper json, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.json = json;
        this.transaction = transaction;
    }

    @Override
    public String name() {
        return "alert channel secrets";
    }

    @Override
    public int reencrypt(SecretEncryption encryption) {
        List<UUID> ids =
                jdbc.sql("select id from alert_channel").query(UUID.class).list();
        int count = 0;
        for (UUID id : ids) {
            Integer done = transaction.execute(status -> {
                String stored = jdbc.sql("select config from alert_channel where id = ? for update")
                        .param(id)
                        .query(String.class)
                        .single();
                Map<String, Object> config =
                        json.readValue(stored, new TypeReference<LinkedHashMap<String, Object>>() {});
                int changed = 0;
                for (Map.Entry<String, Object> entry : config.entrySet()) {
                    if (SecretEncryption.isEncrypted(entry.getValue())) {
                        entry.setValue(encryption.reencrypt(
                                (String) entry.getValue(), AlertChannels.secretContext(id, entry.getKey())));
                        changed++;
                    }
                }
                if (changed > 0) {
                    jdbc.sql("update alert_channel set config = cast(? as jsonb) where id = ?")
                            .params(json.writeValueAsString(config), id)
                            .update();
                }
                return changed;
            });
            count += done == null ? 0 : done;
        }
        return count;
    }
}
