package dev.vigil.integration;

import java.time.Duration;
import java.util.Map;

/**
 * An agent's report was refused. The status is the HTTP status to answer; the message says exactly why, and
 * {@link #errors()} names the offending fields of the report.
 */
public class AgentReportException extends RuntimeException {

    private final int status;
    private final String title;
    private final Map<String, String> errors;
    private final Duration retryAfter;

    AgentReportException(int status, String title, String message) {
        this(status, title, message, Map.of(), null);
    }

    AgentReportException(int status, String title, String message, Map<String, String> errors, Duration retryAfter) {
        super(message);
        this.status = status;
        this.title = title;
        this.errors = Map.copyOf(errors);
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** Field (for example {@code resources[0].type}) to what is wrong with it; empty when no field is to blame. */
    public Map<String, String> errors() {
        return errors;
    }

    /** When the agent may send again (429 only), else null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
