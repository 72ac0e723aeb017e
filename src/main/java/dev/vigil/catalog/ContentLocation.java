package dev.vigil.catalog;

/** A place in the content files: file (relative to the content root) and 1-based line. */
public record ContentLocation(String file, int line) {

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
