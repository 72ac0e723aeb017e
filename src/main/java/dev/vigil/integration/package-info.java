/**
 * Integrations: connectors configured in a workspace, their schedules and their collection runs.
 *
 * <p>Owns the core loop's first half: a run (scheduled with db-scheduler, never two at once for one
 * integration) asks the connector's collector what it sees, records it in the {@code inventory}, appends
 * {@code evidence} for what changed and has {@code monitoring} evaluate the checks, all in one transaction. It
 * does not interpret what connectors report.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Integrations")
package dev.vigil.integration;
