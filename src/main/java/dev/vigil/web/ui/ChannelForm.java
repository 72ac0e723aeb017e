package dev.vigil.web.ui;

import dev.vigil.alerting.AlertChannel;
import dev.vigil.alerting.ChannelType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.util.MultiValueMap;

/**
 * What the alert channel form shows and sends: a name, whether it is enabled, and the settings of its type
 * rendered from {@link ChannelType#schema()} by {@link ConfigFields}, as the integration form does for connectors.
 *
 * @param id {@code null} while creating
 * @param errors messages by field: {@code name}, {@code type}, {@code config.<name>}
 */
public record ChannelForm(
        ChannelType type,
        UUID id,
        String name,
        boolean enabled,
        Map<String, String> values,
        Set<String> secretsSet,
        Map<String, String> errors) {

    public boolean isEdit() {
        return id != null;
    }

    public ConfigFields settings() {
        return new ConfigFields(type.schema(), "channel-type." + type.id() + ".", values, secretsSet, errors, isEdit());
    }

    public boolean hasError(String field) {
        return errors.containsKey(field);
    }

    public String error(String field) {
        return errors.getOrDefault(field, "");
    }

    /** Errors the fields do not show (for example that email needs a mail server), listed above the form. */
    public Map<String, String> otherErrors() {
        ConfigFields settings = settings();
        Map<String, String> other = new LinkedHashMap<>();
        errors.forEach((field, message) -> {
            if (!field.equals("name") && !settings.shows(field)) {
                other.put(field, message);
            }
        });
        return other;
    }

    static ChannelForm blank(ChannelType type) {
        return new ChannelForm(type, null, "", true, ConfigFields.defaults(type.schema()), Set.of(), Map.of());
    }

    static ChannelForm of(AlertChannel channel) {
        return new ChannelForm(
                channel.type(),
                channel.id(),
                channel.name(),
                channel.enabled(),
                ConfigFields.stored(channel.config()),
                channel.secretsSet(),
                Map.of());
    }

    static ChannelForm submitted(
            ChannelType type, UUID id, MultiValueMap<String, String> params, Set<String> secretsSet) {
        String name = params.getFirst("name");
        return new ChannelForm(
                type,
                id,
                name == null ? "" : name,
                "true".equals(params.getFirst("enabled")),
                ConfigFields.submitted(type.schema(), params),
                secretsSet,
                Map.of());
    }

    ChannelForm withErrors(Map<String, String> errors) {
        return new ChannelForm(type, id, name, enabled, values, secretsSet, Map.copyOf(errors));
    }
}
