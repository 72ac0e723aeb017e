/**
 * Alerting: turns drift events into alerts and delivers them to the channels where the team works.
 *
 * <p>Listens to {@code monitoring}'s {@code CheckResultChanged} through the event publication registry, so a
 * drift event committed before a crash is still handled after it. Keeps one open alert per (check, resource),
 * marks regressions and flapping, honours accepted-risk exceptions, routes each notice with the workspace's
 * rules (CEL) and writes one delivery per channel in the same transaction (the outbox). The delivery worker
 * sends them with retries, exponential backoff and an idempotency key, and parks what keeps failing as dead
 * letters for a person to retry.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Alerting")
package dev.vigil.alerting;
