package dev.vigil.catalog;

/**
 * Content that cannot be used: a broken reference, a duplicate id, a missing field or an invalid expression.
 * Thrown at start-up, which then stops; the message names the file, the id and the position.
 */
public class ContentValidationException extends RuntimeException {

    public ContentValidationException(String message) {
        super(message);
    }

    public static ContentValidationException at(ContentLocation location, String id, String problem) {
        return new ContentValidationException(location + ": " + (id == null ? "" : "'" + id + "': ") + problem);
    }
}
