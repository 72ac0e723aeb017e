/**
 * The inventory: the latest normalized snapshot of every resource each integration reports, with a content
 * hash so an unchanged resource costs no further work.
 *
 * <p>It records what connectors observed; it keeps no history (that is {@code evidence}) and judges nothing
 * (that is {@code monitoring}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Inventory")
package dev.vigil.inventory;
