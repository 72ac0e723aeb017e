package dev.vigil.alerting;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of alert delivery, bound from {@code vigil.alerting.*}.
 *
 * @param baseUrl where people reach this Vigil; links in alerts point there ({@code VIGIL_BASE_URL})
 * @param retryBackoff wait before the first retry of a failed delivery; doubles with each attempt
 * @param maxBackoff the longest wait between two attempts
 * @param maxAttempts attempts before a delivery becomes a dead letter
 * @param sendTimeout how long one attempt may take before it counts as failed
 * @param deliveryLease how long a claimed delivery stays with the node that claimed it; after that (a crash) it
 *     is claimed again and re-sent with the same idempotency key
 * @param flappingTransitions transitions of one (check, resource) within {@code flappingWindow} that make it
 *     flapping: one "flapping" notice instead of one per transition
 * @param smtp the mail server email channels send through
 */
@ConfigurationProperties("vigil.alerting")
public record AlertingProperties(
        URI baseUrl,
        Duration retryBackoff,
        Duration maxBackoff,
        Integer maxAttempts,
        Duration sendTimeout,
        Duration deliveryLease,
        Integer flappingTransitions,
        Duration flappingWindow,
        Smtp smtp) {

    public AlertingProperties {
        baseUrl = baseUrl == null ? URI.create("http://localhost:8080") : baseUrl;
        retryBackoff = retryBackoff == null ? Duration.ofSeconds(10) : retryBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofHours(1) : maxBackoff;
        maxAttempts = maxAttempts == null ? 10 : maxAttempts;
        sendTimeout = sendTimeout == null ? Duration.ofSeconds(10) : sendTimeout;
        deliveryLease = deliveryLease == null ? Duration.ofSeconds(60) : deliveryLease;
        flappingTransitions = flappingTransitions == null ? 4 : flappingTransitions;
        flappingWindow = flappingWindow == null ? Duration.ofHours(1) : flappingWindow;
        smtp = smtp == null ? new Smtp(null, null, null, null, null, null) : smtp;
    }

    /** Wait before attempt {@code attempt + 1} after {@code attempt} failed ones: exponential, capped. */
    Duration backoff(int attempt) {
        long factor = 1L << Math.min(Math.max(attempt - 1, 0), 20);
        Duration wait = retryBackoff.multipliedBy(factor);
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    /** The outgoing mail server; email channels need at least {@code host}. */
    public record Smtp(String host, Integer port, String username, String password, String from, Boolean starttls) {

        public Smtp {
            port = port == null ? 587 : port;
            from = from == null || from.isBlank() ? "vigil@localhost" : from;
            starttls = starttls == null || starttls;
        }

        public boolean configured() {
            return host != null && !host.isBlank();
        }
    }
}
