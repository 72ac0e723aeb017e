/**
 * The server-rendered web UI: Thymeleaf pages enhanced with htmx, one controller per area (dashboard,
 * frameworks, controls, checks, resources and evidence, integrations). Controllers read the capabilities'
 * facades and shape what a page shows; they hold no business rules.
 *
 * <p>Conventions: every visible text comes from {@code messages*.properties}; dates, numbers and durations are
 * formatted by {@link dev.vigil.web.ui.DisplayFormat} in the reader's locale and time zone; no inline script or
 * style (the Content-Security-Policy forbids both), so behaviour lives in {@code static/js} and looks in {@code
 * static/css}.
 */
package dev.vigil.web.ui;
