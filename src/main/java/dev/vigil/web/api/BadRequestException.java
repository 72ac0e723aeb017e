package dev.vigil.web.api;

/** An invalid query parameter or field, named. */
class BadRequestException extends RuntimeException {

    private final String field;

    BadRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    String field() {
        return field;
    }
}
