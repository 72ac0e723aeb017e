/**
 * Integrations: connectors configured in a workspace, their schedules and their collection runs.
 *
 * <p>Owns the core loop's first half: a run (scheduled with db-scheduler, never two at once for one
 * integration) asks the connector's collector what it sees, records it in the {@code inventory}, appends
 * {@code evidence} for what changed and has {@code monitoring} evaluate the checks, all in one transaction.
 * Around the run it owns what the platform promises every connector: secret settings stored only encrypted,
 * retries of transient failures, a timeout per run and PARTIAL runs, "test connection" without storing
 * anything, and turning results stale when an integration stops succeeding ({@code StaleEvidence}). Runs also
 * start from signed inbound events ({@code IntegrationEvents}), and reports pushed by host agents are recorded as
 * runs ({@code AgentReports}). It does not interpret what connectors report.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Integrations")
package dev.vigil.integration;
