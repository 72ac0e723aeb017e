package dev.vigil.alerting;

/** A channel did not accept a message. The message is shown in the delivery log: make it specific. */
class DeliveryException extends Exception {

    private final boolean retryable;

    DeliveryException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    DeliveryException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** False when repeating the same request cannot succeed (for example 400 or 404): no more attempts. */
    boolean retryable() {
        return retryable;
    }
}
