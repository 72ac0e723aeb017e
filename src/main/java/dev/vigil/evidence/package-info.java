/**
 * Evidence: the ledger of what connectors observed — an append-only, hash-chained record of normalized
 * attributes and the raw material behind them — and the documents people provide for evidence tasks (the annual
 * penetration test report, the quarterly access review), each with the date it speaks for.
 *
 * <p>Neither is ever updated or deleted (database triggers refuse both); ledger records carry the hash of the
 * previous record of their workspace, uploads the SHA-256 of their content, so a gap or an edit is detectable.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Evidence")
package dev.vigil.evidence;
