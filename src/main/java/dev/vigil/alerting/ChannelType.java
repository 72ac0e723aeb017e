package dev.vigil.alerting;

import dev.vigil.connector.ConfigProperty;
import dev.vigil.connector.ConfigSchema;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of channel an alert can be delivered to, with the settings each takes. */
public enum ChannelType {
    EMAIL(ConfigSchema.of(ConfigProperty.string(
            "to", "Recipients", "Email addresses, separated by commas, that receive the alerts.", null))),
    SLACK(ConfigSchema.of(ConfigProperty.secret(
            "url", "Incoming webhook URL", "The Slack (or Slack-compatible, such as Mattermost) incoming webhook."))),
    TEAMS(ConfigSchema.of(ConfigProperty.secret(
            "url", "Webhook URL", "The Microsoft Teams workflow or incoming webhook that posts to the channel."))),
    WEBHOOK(ConfigSchema.of(
            new ConfigProperty(
                    "url",
                    ConfigProperty.Type.STRING,
                    "URL",
                    "Where Vigil POSTs each alert as JSON (payload version 1).",
                    true,
                    false,
                    null),
            ConfigProperty.secret(
                    "secret",
                    "Signing secret",
                    "Shared secret (at least 16 characters) for the Vigil-Signature header (HMAC-SHA256)."))),
    PAGERDUTY(ConfigSchema.of(
            ConfigProperty.secret(
                    "routingKey", "Integration key", "The Events API v2 integration (routing) key of the service."),
            ConfigProperty.string(
                    "url",
                    "Events API URL",
                    "Where events are sent; change only for a regional or proxied endpoint.",
                    "https://events.pagerduty.com/v2/enqueue")));

    private final ConfigSchema schema;

    ChannelType(ConfigSchema schema) {
        this.schema = schema;
    }

    public ConfigSchema schema() {
        return schema;
    }

    /** The lower-case id used in the API and the database. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ChannelType> of(String id) {
        return Arrays.stream(values()).filter(t -> t.id().equals(id)).findFirst();
    }

    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(ChannelType::id).toList());
    }
}
