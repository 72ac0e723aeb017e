package dev.vigil.catalog;

/**
 * One requirement of a framework, identified in the framework's own citation form ({@code CC6.1}, {@code
 * A.8.5}, {@code 164.312(d)}, {@code Art. 32(1)(b)}, {@code 1798.150(a)(1)}).
 *
 * @param section grouping shown in the UI (a clause, a criteria series, a standard), or {@code null}
 * @param implementation for HIPAA, {@code required} or {@code addressable}; otherwise {@code null}
 * @param category the part of the framework a workspace can scope in or out (SOC 2: {@code security},
 *     {@code availability}, {@code confidentiality}, {@code processing-integrity}, {@code privacy}), or {@code
 *     null}
 * @param notApplicable why no control of a software company's security program addresses this requirement
 *     (for example a duty that only binds regulators), or {@code null}; such a requirement is out of scope
 */
public record Requirement(
        String frameworkId,
        String id,
        String title,
        String summary,
        String section,
        String implementation,
        String category,
        String notApplicable) {

    /** Whether the requirement counts towards readiness. */
    public boolean inScope() {
        return notApplicable == null;
    }
}
