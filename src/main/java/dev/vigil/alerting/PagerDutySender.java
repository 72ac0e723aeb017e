package dev.vigil.alerting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * PagerDuty Events API v2: {@code trigger} when an alert opens (or flaps, or re-opens), {@code resolve} when it is
 * fixed, with the alert's id as {@code dedup_key} so the incident opened by the trigger is the one resolved.
 * PagerDuty has no digests: each notice is its own event.
 */
@Component
class PagerDutySender implements ChannelSender {

    private final HttpDelivery http;
    private final JsonMapper json;

    PagerDutySender(HttpDelivery http, JsonMapper json) {
        this.http = http;
        this.json = json;
    }

    @Override
    public ChannelType type() {
        return ChannelType.PAGERDUTY;
    }

    @Override
    public String send(List<AlertMessage> messages, Map<String, Object> config, String idempotencyKey)
            throws DeliveryException {
        List<String> answers = new ArrayList<>();
        for (AlertMessage message : messages) {
            answers.add(
                    http.post((String) config.get("url"), json.writeValueAsString(event(message, config)), Map.of()));
        }
        return String.join("; ", answers);
    }

    Map<String, Object> event(AlertMessage message, Map<String, Object> config) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("routing_key", config.get("routingKey"));
        boolean test = message.kind().equals("test");
        event.put("event_action", message.kind().equals("resolved") ? "resolve" : "trigger");
        event.put("dedup_key", test ? "vigil-test-" + message.noticeId() : "vigil-alert-" + message.alertId());
        if (!message.kind().equals("resolved")) {
            Map<String, Object> payload = new LinkedHashMap<>();
            String summary = message.severityLabel() + " " + message.summary();
            payload.put("summary", summary.length() > 1024 ? summary.substring(0, 1023) + "…" : summary);
            payload.put("source", test ? "vigil" : message.resource().name());
            payload.put("severity", severity(message.severity()));
            payload.put("timestamp", message.occurredAt().toString());
            if (!test) {
                payload.put("component", message.resource().type());
                payload.put("group", message.resource().integrationName());
                payload.put("class", message.check().id());
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("check", message.check().title());
                details.put("status", message.change().status());
                details.put("reason", message.change().after().reason());
                details.put("since", message.since().toString());
                details.put(
                        "controls",
                        message.controls().stream()
                                .map(AlertMessage.ControlRef::id)
                                .toList());
                details.put(
                        "requirements",
                        message.requirements().stream()
                                .map(r -> r.framework() + " " + r.id())
                                .toList());
                details.put("remediation", message.check().remediation());
                payload.put("custom_details", details);
            }
            event.put("payload", payload);
            event.put("links", List.of(Map.of("href", message.url(), "text", "Open in Vigil")));
        }
        return event;
    }

    /** PagerDuty knows critical, error, warning and info. */
    static String severity(String severity) {
        return switch (severity.toLowerCase(Locale.ROOT)) {
            case "critical" -> "critical";
            case "high" -> "error";
            case "medium" -> "warning";
            default -> "info";
        };
    }
}
