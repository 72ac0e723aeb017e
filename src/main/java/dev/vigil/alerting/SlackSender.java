package dev.vigil.alerting;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Slack incoming webhooks (and compatible ones such as Mattermost and Rocket.Chat): {@code {"text": …}} with
 * Slack's mrkdwn. Slack answers 200 {@code ok}; errors come as 4xx with a short code such as {@code
 * invalid_payload} or {@code no_service}.
 */
@Component
class SlackSender implements ChannelSender {

    private final HttpDelivery http;
    private final JsonMapper json;

    SlackSender(HttpDelivery http, JsonMapper json) {
        this.http = http;
        this.json = json;
    }

    @Override
    public ChannelType type() {
        return ChannelType.SLACK;
    }

    @Override
    public String send(List<AlertMessage> messages, Map<String, Object> config, String idempotencyKey)
            throws DeliveryException {
        String text;
        if (messages.size() == 1) {
            AlertMessage message = messages.get(0);
            text = "*" + escape(message.severityLabel() + " " + message.summary()) + "*\n"
                    + escape(message.text().substring(message.text().indexOf("\n\n") + 2));
        } else {
            text = "*Vigil digest: " + messages.size() + " alerts*\n"
                    + messages.stream()
                            .map(m -> "• " + escape(m.severityLabel() + " " + m.summary()) + " <" + m.url() + "|open>")
                            .collect(Collectors.joining("\n"));
        }
        return http.post((String) config.get("url"), json.writeValueAsString(Map.of("text", text)), Map.of());
    }

    /** Slack treats &, < and > as control characters in message text. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
