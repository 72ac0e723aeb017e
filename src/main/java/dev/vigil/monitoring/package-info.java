/**
 * Monitoring: evaluates checks against resources and keeps the results as state intervals.
 *
 * <p>The {@link dev.vigil.monitoring.CheckEngine} is a pure function of a resource snapshot (CEL expressions
 * compiled once, or Java checks). {@link dev.vigil.monitoring.CheckResults} stores each (check, resource)
 * state as an interval and records every transition as a drift event, published as {@link
 * dev.vigil.monitoring.CheckResultChanged} for alerting. It does not collect (that is {@code integration}) and
 * does not roll results up to controls and frameworks (that is {@code posture}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Monitoring")
package dev.vigil.monitoring;
