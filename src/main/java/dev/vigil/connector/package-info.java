/**
 * The connector contract: how Vigil learns about the systems it watches.
 *
 * <p>A {@link dev.vigil.connector.ConnectorFactory} describes one kind of source (its id, the resource types it
 * yields and a configuration schema with secret fields marked) and creates a {@link dev.vigil.connector.Collector}
 * for one configured integration. Factories are found with {@link java.util.ServiceLoader}.
 *
 * <p>This package and the connectors below it deliberately have no Spring dependency and never touch the
 * database: the platform ({@code dev.vigil.integration}) owns scheduling, retries, storage and evidence. A
 * collector only observes and reports {@link dev.vigil.connector.ObservedResource}s.
 */
package dev.vigil.connector;
