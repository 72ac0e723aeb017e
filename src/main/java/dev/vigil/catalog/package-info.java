/**
 * The catalog: frameworks and their requirements, our controls and how they map to requirements, and the
 * definitions of checks. Loaded from versioned content files under {@code src/main/resources/content/} and
 * validated at start: a broken reference stops start-up naming the file, the id and the line.
 *
 * <p>It only describes; it evaluates nothing (that is {@code monitoring}) and computes no status (that is
 * {@code posture}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Catalog")
package dev.vigil.catalog;
