/**
 * The host agent: {@code java -jar vigil.jar agent --server URL} on a machine Vigil cannot read directly. It
 * observes the machine with the {@code linux-host} collector (found through the connector SPI, as the server
 * finds it) and pushes the observed resources to the server's {@code linux-agent} integration, which records and
 * evaluates them as a collection run.
 *
 * <p>Plain Java on purpose: no Spring context, no database, so it starts in about a second and stays small. It
 * owns the command line, the report's wire format and what to do with each answer (retry, wait, or stop on a
 * wrong token). It does not decide anything about compliance; the server does.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Host agent")
package dev.vigil.agent;
