/**
 * The {@code linux-host} connector: one {@code host.linux} resource per Linux machine, describing its sshd,
 * firewall, automatic updates, logging, intrusion detection, time synchronization, accounts, password policy,
 * file permissions, kernel parameters and volume encryption.
 *
 * <p>All state is read from files below a configurable root (including {@code /proc} and {@code /sys}), so
 * tests run against fixture trees and a host's disk can be inspected from outside. What cannot be determined
 * is reported as unknown with its reason; nothing is guessed. This package uses the JDK only.
 */
package dev.vigil.connector.linuxhost;
