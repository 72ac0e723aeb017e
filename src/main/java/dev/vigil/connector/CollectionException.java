package dev.vigil.connector;

import java.util.Objects;

/** A collection run could not observe the system at all. The message is shown to users: make it specific. */
public class CollectionException extends Exception {

    /** Why a run failed; decides whether retrying can help. */
    public enum Category {
        NETWORK(true),
        AUTHENTICATION(false),
        PERMISSION(false),
        RATE_LIMITED(true),
        INVALID_RESPONSE(false),
        CONFIGURATION(false);

        private final boolean transientFailure;

        Category(boolean transientFailure) {
            this.transientFailure = transientFailure;
        }

        /** Whether the same run may succeed if retried later. */
        public boolean isTransient() {
            return transientFailure;
        }
    }

    private final Category category;

    public CollectionException(Category category, String message) {
        super(message);
        this.category = Objects.requireNonNull(category);
    }

    public CollectionException(Category category, String message, Throwable cause) {
        super(message, cause);
        this.category = Objects.requireNonNull(category);
    }

    public Category category() {
        return category;
    }
}
