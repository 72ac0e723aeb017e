package dev.vigil.integration;

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

/** The encrypted secret settings and event signing secrets of integrations, deleted ones included. */
@Component
class IntegrationSecretValues implements EncryptedValues {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TransactionTemplate transaction;

    IntegrationSecretValues(JdbcClient jdbc, JsonMapper json, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.json = json;
        this.transaction = transaction;
    }

    @Override
    public String name() {
        return "integration secrets";
    }

    @Override
    public int reencrypt(SecretEncryption encryption) {
        List<UUID> ids =
                jdbc.sql("select id from integration").query(UUID.class).list();
        int count = 0;
        for (UUID id : ids) {
            Integer done = transaction.execute(status -> {
                record Row(String config, String eventSecret) {}
                Row row = jdbc.sql("select config, event_secret from integration where id = ? for update")
                        .param(id)
                        .query((rs, n) -> new Row(rs.getString("config"), rs.getString("event_secret")))
                        .single();
                Map<String, Object> config =
                        json.readValue(row.config(), new TypeReference<LinkedHashMap<String, Object>>() {});
                int changed = 0;
                for (Map.Entry<String, Object> entry : config.entrySet()) {
                    if (SecretEncryption.isEncrypted(entry.getValue())) {
                        entry.setValue(encryption.reencrypt(
                                (String) entry.getValue(), Integrations.secretContext(id, entry.getKey())));
                        changed++;
                    }
                }
                String eventSecret = row.eventSecret();
                if (SecretEncryption.isEncrypted(eventSecret)) {
                    eventSecret = encryption.reencrypt(eventSecret, IntegrationEvents.context(id));
                    changed++;
                }
                if (changed > 0) {
                    jdbc.sql("update integration set config = cast(? as jsonb), event_secret = ? where id = ?")
                            .params(json.writeValueAsString(config), eventSecret, id)
                            .update();
                }
                return changed;
            });
            count += done == null ? 0 : done;
        }
        return count;
    }
}
