package dev.vigil.web.api;

/** An id in the URL that does not exist in the caller's workspace. */
class NotFoundException extends RuntimeException {
    NotFoundException(String what, Object id) {
        super("No " + what + " '" + id + "' in this workspace.");
    }
}
