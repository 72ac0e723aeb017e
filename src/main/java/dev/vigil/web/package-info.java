/**
 * The HTTP edges: the REST API under {@code /api/v1} ({@code web.api}) and the server-rendered UI ({@code
 * web.ui}). Controllers translate HTTP to calls on the capabilities' facades and back; they hold no business
 * rules. Every endpoint declares who may call it with {@code @PreAuthorize} and an {@link
 * dev.vigil.identity.Access} rule.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Web")
package dev.vigil.web;
