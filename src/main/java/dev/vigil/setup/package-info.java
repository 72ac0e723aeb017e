/**
 * First start: creates the default workspace, its first owner (from {@code VIGIL_ADMIN_EMAIL} and {@code
 * VIGIL_ADMIN_PASSWORD}, or with a generated password printed once), the optional automation token ({@code
 * VIGIL_ADMIN_API_TOKEN}) and the demo integration that watches the machine Vigil runs on.
 *
 * <p>Runs once per installation: on later starts it finds the workspace and does nothing.
 */
@org.springframework.modulith.ApplicationModule(displayName = "First start")
package dev.vigil.setup;
