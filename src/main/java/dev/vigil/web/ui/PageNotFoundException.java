package dev.vigil.web.ui;

/**
 * Nothing to show under this address in the reader's workspace. Ids of another workspace end here too, so a
 * page never reveals that they exist.
 */
class PageNotFoundException extends RuntimeException {

    PageNotFoundException(String what, Object id) {
        super("No " + what + " '" + id + "' in this workspace.");
    }
}
