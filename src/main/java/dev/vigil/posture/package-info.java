/**
 * Posture: rolls current check results and evidence-task states up to checks, controls, requirements and
 * frameworks, and computes readiness (ready requirements / in-scope requirements). It also owns the scope: which
 * frameworks and categories a workspace pursues.
 *
 * <p>Rules: a failing check or an overdue evidence task fails a control; a check that could not be evaluated
 * makes it ERROR; a task never provided, or no result at all, leaves it needing evidence, which never counts as
 * passing; a requirement is ready when every mapped control passes. It reads results; it never evaluates or
 * stores them.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Posture")
package dev.vigil.posture;
