package dev.vigil.web.ui;

/**
 * What a "delete … ?" page says before something is deleted for good: the shared template {@code
 * alerting/delete} renders it. Texts are message codes; {@code titleCode} and {@code consequenceCode} take the name.
 *
 * @param action where the confirming form posts
 * @param cancel where "Cancel" and the breadcrumb lead
 * @param sectionCode the breadcrumb label of {@code cancel}
 */
public record DeleteConfirmation(
        String titleCode,
        String name,
        String consequenceCode,
        String buttonCode,
        String action,
        String cancel,
        String sectionCode) {}
