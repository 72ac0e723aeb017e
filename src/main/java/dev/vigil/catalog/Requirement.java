package dev.vigil.catalog;

/**
 * One requirement of a framework, identified in the framework's own citation form ({@code CC6.1}, {@code
 * A.8.5}, {@code 164.312(d)}, {@code Art. 32(1)(b)}, {@code 1798.150(a)(1)}).
 *
 * @param implementation for HIPAA, {@code required} or {@code addressable}; otherwise {@code null}
 */
public record Requirement(
        String frameworkId, String id, String title, String summary, String section, String implementation) {}
