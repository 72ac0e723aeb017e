/**
 * Posture: rolls current check results up to checks, controls, requirements and frameworks, and computes
 * readiness (ready requirements / in-scope requirements).
 *
 * <p>Rules: a control passes when none of its checks fails or errs and at least one passed; a control without
 * automated results "needs evidence" and never counts as passing; a requirement is ready when every mapped
 * control passes. It reads results; it never evaluates or stores them.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Posture")
package dev.vigil.posture;
