package dev.vigil.alerting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Microsoft Teams webhooks (Workflows "post to a channel when a webhook request is received", and the older
 * incoming webhooks): a message with one Adaptive Card attachment.
 */
@Component
class TeamsSender implements ChannelSender {

    private final HttpDelivery http;
    private final JsonMapper json;

    TeamsSender(HttpDelivery http, JsonMapper json) {
        this.http = http;
        this.json = json;
    }

    @Override
    public ChannelType type() {
        return ChannelType.TEAMS;
    }

    @Override
    public String send(List<AlertMessage> messages, Map<String, Object> config, String idempotencyKey)
            throws DeliveryException {
        List<Object> body = new ArrayList<>();
        if (messages.size() == 1) {
            AlertMessage message = messages.get(0);
            body.add(textBlock(message.severityLabel() + " " + message.summary(), true));
            body.add(textBlock(message.text().substring(message.text().indexOf("\n\n") + 2), false));
        } else {
            body.add(textBlock("Vigil digest: " + messages.size() + " alerts", true));
            for (AlertMessage message : messages) {
                body.add(textBlock(message.severityLabel() + " " + message.summary() + " — " + message.url(), false));
            }
        }
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        card.put("body", body);
        if (messages.size() == 1) {
            card.put(
                    "actions",
                    List.of(Map.of(
                            "type",
                            "Action.OpenUrl",
                            "title",
                            "Open in Vigil",
                            "url",
                            messages.get(0).url())));
        }
        Map<String, Object> payload = Map.of(
                "type",
                "message",
                "attachments",
                List.of(Map.of("contentType", "application/vnd.microsoft.card.adaptive", "content", card)));
        return http.post((String) config.get("url"), json.writeValueAsString(payload), Map.of());
    }

    private static Map<String, Object> textBlock(String text, boolean heading) {
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("type", "TextBlock");
        block.put("text", text);
        block.put("wrap", true);
        if (heading) {
            block.put("weight", "Bolder");
            block.put("size", "Medium");
        }
        return block;
    }
}
