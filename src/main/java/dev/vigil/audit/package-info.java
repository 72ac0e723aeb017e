/**
 * The audit log: an append-only, hash-chained record of who did what and when — sign-ins (successful and
 * failed), changes to integrations, scope and evidence, and exports. Each entry carries the hash of the one
 * before it, so a removed or edited entry breaks the chain at a point {@link dev.vigil.audit.AuditLog#verify()}
 * names.
 *
 * <p>Capabilities record their own events by calling {@link dev.vigil.audit.AuditLog#record} inside the
 * transaction of the change, so a change and its audit entry commit together or not at all. The module depends
 * on nothing but the workspace id.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit log")
package dev.vigil.audit;
