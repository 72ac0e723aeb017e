package dev.vigil.alerting;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.stereotype.Component;

/** POSTs JSON to a channel's endpoint and turns every way it can go wrong into a specific {@link DeliveryException}. */
@Component
class HttpDelivery {

    private static final int MAX_ANSWER = 300;

    private final HttpClient http;
    private final AlertingProperties properties;

    HttpDelivery(AlertingProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.sendTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Sends the body; returns "HTTP status: answer" on 2xx. */
    String post(String url, String body, Map<String, String> headers) throws DeliveryException {
        URI target;
        try {
            target = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new DeliveryException("The channel's URL is not valid: " + e.getMessage(), false);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(properties.sendTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Vigil-Alerts/1")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw new DeliveryException("Could not connect to " + host(target) + " within " + timeout(), true, e);
        } catch (HttpTimeoutException e) {
            throw new DeliveryException(host(target) + " did not answer within " + timeout(), true, e);
        } catch (ConnectException e) {
            throw new DeliveryException("Connection to " + host(target) + " refused", true, e);
        } catch (IOException e) {
            throw new DeliveryException("Network error talking to " + host(target) + ": " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("Interrupted while sending to " + host(target), true, e);
        }
        int status = response.statusCode();
        String answer = abbreviate(response.body());
        if (status >= 200 && status < 300) {
            return "HTTP " + status + (answer.isEmpty() ? "" : ": " + answer);
        }
        boolean retryable = status >= 500 || status == 408 || status == 429;
        String retryAfter = response.headers()
                .firstValue("Retry-After")
                .map(v -> " (Retry-After " + v + ")")
                .orElse("");
        throw new DeliveryException(
                host(target) + " answered HTTP " + status + retryAfter + (answer.isEmpty() ? "" : ": " + answer),
                retryable);
    }

    private String timeout() {
        return properties.sendTimeout().toMillis() + " ms";
    }

    /** Only scheme, host and port: channel URLs often carry their secret in the path. */
    static String host(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    private static String abbreviate(String body) {
        String flat = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return flat.length() <= MAX_ANSWER ? flat : flat.substring(0, MAX_ANSWER) + "…";
    }
}
