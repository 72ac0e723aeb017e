package dev.vigil.connector.linuxhost;

/** A part of the host whose state cannot be stated with confidence; the message says why, for users. */
final class UndeterminedException extends Exception {

    UndeterminedException(String reason) {
        super(reason);
    }
}
