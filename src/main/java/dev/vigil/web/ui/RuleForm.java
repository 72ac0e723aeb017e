package dev.vigil.web.ui;

import dev.vigil.alerting.AlertRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.util.MultiValueMap;

/**
 * What the alert rule form shows and sends.
 *
 * @param id {@code null} while creating
 * @param channelIds the ticked channels
 * @param delivery {@code immediate}, {@code hourly} or {@code daily}
 * @param errors messages by field: {@code name}, {@code condition}, {@code channelIds}, {@code delivery}
 */
public record RuleForm(
        UUID id,
        String name,
        String condition,
        List<UUID> channelIds,
        String delivery,
        boolean enabled,
        Map<String, String> errors) {

    static final List<String> DELIVERIES = List.of("immediate", "hourly", "daily");

    public boolean isEdit() {
        return id != null;
    }

    public boolean hasError(String field) {
        return errors.containsKey(field);
    }

    public String error(String field) {
        return errors.getOrDefault(field, "");
    }

    public boolean ticked(UUID channelId) {
        return channelIds.contains(channelId);
    }

    static RuleForm blank() {
        return new RuleForm(null, "", "", List.of(), "immediate", true, Map.of());
    }

    static RuleForm of(AlertRule rule) {
        return new RuleForm(
                rule.id(), rule.name(), rule.condition(), rule.channelIds(), rule.delivery(), rule.enabled(), Map.of());
    }

    /** What the browser sent; channel ids that are not UUIDs name no channel and are dropped. */
    static RuleForm submitted(UUID id, MultiValueMap<String, String> params) {
        List<UUID> channelIds = new ArrayList<>();
        List<String> raw = params.get("channelIds");
        if (raw != null) {
            for (String value : raw) {
                try {
                    channelIds.add(UUID.fromString(value.strip()));
                } catch (IllegalArgumentException e) {
                    // Not a channel of this workspace either way.
                }
            }
        }
        String delivery = params.getFirst("delivery");
        return new RuleForm(
                id,
                text(params.getFirst("name")),
                text(params.getFirst("condition")),
                List.copyOf(channelIds),
                delivery == null ? "immediate" : delivery,
                "true".equals(params.getFirst("enabled")),
                Map.of());
    }

    RuleForm withErrors(Map<String, String> errors) {
        return new RuleForm(id, name, condition, channelIds, delivery, enabled, Map.copyOf(errors));
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
