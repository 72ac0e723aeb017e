/**
 * The evidence ledger: an append-only, hash-chained record of what was observed and when (normalized
 * attributes and the raw material behind them), kept for the audit period.
 *
 * <p>Records are never updated or deleted by the application (a database trigger refuses updates); each
 * carries the hash of the previous record of its workspace, so a gap or an edit is detectable.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Evidence")
package dev.vigil.evidence;
