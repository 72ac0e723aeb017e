package dev.vigil.alerting;

import dev.vigil.platform.Hmac;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The generic signed webhook. Body: {@code {"version":1, "type":"alert.opened", "alert":{…}}} (one notice) or
 * {@code {"version":1, "type":"digest", "alerts":[…]}}. Headers: {@code Idempotency-Key}, {@code
 * Vigil-Timestamp} (Unix seconds) and {@code Vigil-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." +
 * body)>}.
 */
@Component
class WebhookSender implements ChannelSender {

    static final int PAYLOAD_VERSION = 1;

    private final HttpDelivery http;
    private final JsonMapper json;
    private final Clock clock;

    WebhookSender(HttpDelivery http, JsonMapper json, Clock clock) {
        this.http = http;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public ChannelType type() {
        return ChannelType.WEBHOOK;
    }

    @Override
    public String send(List<AlertMessage> messages, Map<String, Object> config, String idempotencyKey)
            throws DeliveryException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", PAYLOAD_VERSION);
        if (messages.size() == 1) {
            body.put("type", "alert." + messages.get(0).kind());
            body.put("alert", messages.get(0));
        } else {
            body.put("type", "digest");
            body.put("alerts", messages);
        }
        String payload = json.writeValueAsString(body);
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Idempotency-Key", idempotencyKey);
        headers.put("Vigil-Timestamp", timestamp);
        Object secret = config.get("secret");
        if (secret instanceof String s && !s.isEmpty()) {
            headers.put("Vigil-Signature", "v1=" + sign(s, timestamp + "." + payload));
        }
        return http.post((String) config.get("url"), payload, headers);
    }

    static String sign(String secret, String content) {
        return Hmac.sha256Hex(secret, content);
    }
}
