package dev.vigil.monitoring;

/**
 * Outcome of one check on one resource. ERROR means "could not evaluate" and never counts as passing.
 */
public enum CheckStatus {
    PASS,
    FAIL,
    ERROR,
    NOT_APPLICABLE
}
