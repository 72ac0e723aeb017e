package dev.vigil.agent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Sends one report and says what the answer means for the agent. Never throws for a failed exchange. */
final class ReportSender {

    /** What to do after one attempt. */
    sealed interface Outcome {
        /** Recorded; {@code summary} is the server's account of it. */
        record Accepted(String summary) implements Outcome {}

        /** Retrying cannot help: the token is wrong. The agent stops. */
        record Fatal(String why) implements Outcome {}

        /** Not recorded, and sending the same report again will not change that; the next report may do. */
        record Refused(String why) implements Outcome {}

        /** The server asked for a pause; send again after {@code delay}. */
        record RetryAfter(Duration delay, String why) implements Outcome {}

        /** Vigil unreachable or failing (network, 5xx): send again after a backoff. */
        record Transient(String why) implements Outcome {}
    }

    private final HttpClient http;
    private final URI endpoint;
    private final String token;
    private final JsonMapper json;

    ReportSender(URI server, UUID integrationId, String token, JsonMapper json) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                // The token must never follow a redirect to another address.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.endpoint = URI.create(server + "/api/v1/integrations/" + integrationId + "/agent-reports");
        this.token = token;
        this.json = json;
    }

    URI endpoint() {
        return endpoint;
    }

    Outcome send(byte[] body) {
        HttpResponse<String> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(endpoint)
                            .timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/json")
                            .header("Accept", "application/json, application/problem+json")
                            .header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return new Outcome.Transient("Vigil at " + endpoint.getHost() + " did not answer in time");
        } catch (IOException e) {
            return new Outcome.Transient("cannot reach Vigil at " + endpoint.getScheme() + "://"
                    + endpoint.getAuthority() + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Transient("interrupted");
        }
        int status = response.statusCode();
        String detail = detail(response.body());
        if (status == 200 || status == 201 || status == 202) {
            return new Outcome.Accepted(summary(response.body()));
        }
        return switch (status) {
            case 401 ->
                new Outcome.Fatal("Vigil refused the agent token (401): " + detail
                        + " Create a new token for the integration and restart the agent with it.");
            case 403 -> new Outcome.Fatal("the agent token is not for this integration (403): " + detail);
            case 404 ->
                new Outcome.Fatal("Vigil at " + endpoint.getAuthority() + " has no agent endpoint (404);"
                        + " check --server (the address of Vigil itself) and that Vigil is recent enough");
            case 413 -> new Outcome.Refused("the report is larger than Vigil accepts (413): " + detail);
            case 429 -> new Outcome.RetryAfter(retryAfter(response), "Vigil asks to slow down (429): " + detail);
            // A report id is new for every report, so a replay is this report's earlier attempt that got through.
            case 409 ->
                "Replayed report".equals(field(response.body(), "title"))
                        ? new Outcome.Accepted("already recorded by an earlier attempt")
                        : new Outcome.Refused("Vigil did not record the report (409): " + detail);
            case 400 ->
                new Outcome.Refused("Vigil refused the report as invalid (400): " + detail
                        + " Are the agent and the server the same version?");
            default -> {
                if (status >= 500) {
                    yield new Outcome.Transient("Vigil failed to take the report (" + status + "): " + detail);
                }
                if (status >= 300 && status < 400) {
                    yield new Outcome.Fatal("Vigil redirected the report (" + status + ") to "
                            + response.headers().firstValue("Location").orElse("?")
                            + "; use that address as --server");
                }
                yield new Outcome.Refused("unexpected answer " + status + ": " + detail);
            }
        };
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        try {
            long seconds = Long.parseLong(
                    response.headers().firstValue("Retry-After").orElse("10").strip());
            return Duration.ofSeconds(Math.max(1, Math.min(seconds, 3600)));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(10);
        }
    }

    private String field(String body, String name) {
        try {
            JsonNode problem = json.readTree(body);
            if (problem != null && problem.hasNonNull(name)) {
                return problem.get(name).asString();
            }
        } catch (RuntimeException e) {
            // Not a problem document (a proxy's error page, say).
        }
        return null;
    }

    private String detail(String body) {
        String detail = field(body, "detail");
        if (detail != null) {
            return detail;
        }
        String text = body == null ? "" : body.strip();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    private String summary(String body) {
        try {
            JsonNode accepted = json.readTree(body);
            return "run " + accepted.path("runId").asString("?") + ": "
                    + accepted.path("resourcesSeen").asInt()
                    + " resources, " + accepted.path("resourcesChanged").asInt() + " changed, "
                    + accepted.path("checksEvaluated").asInt() + " checks evaluated";
        } catch (RuntimeException e) {
            return "accepted";
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        if (e instanceof java.net.ConnectException) {
            return "connection refused (is Vigil running, and is the address right?)";
        }
        if (e.getCause() instanceof java.nio.channels.UnresolvedAddressException) {
            return "unknown host";
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
