package dev.vigil.integration;

/** An inbound event was refused. The status is the HTTP status to answer; the message says exactly why. */
public class InboundEventException extends RuntimeException {

    private final int status;
    private final String title;

    InboundEventException(int status, String title, String message) {
        super(message);
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
