package dev.vigil.oscal;

import gov.nist.secauto.oscal.lib.model.Property;

/**
 * Vigil's own OSCAL vocabulary. OSCAL restricts the names of properties and parts in its own namespace to a fixed
 * list; everything Vigil adds (its ids, owner role, frequency, mappings, posture state) is named in this namespace.
 */
final class VigilNamespace {

    static final java.net.URI URI = java.net.URI.create(OscalExporter.NAMESPACE);

    /** Our id of a control or check, as used in the API and the content files. */
    static final String VIGIL_ID = "vigil-id";
    /** Role that owns a control: {@code owner} or {@code admin}. */
    static final String OWNER_ROLE = "owner-role";
    /** How often a control is proven: {@code continuous}, {@code quarterly}, {@code annually} ... */
    static final String FREQUENCY = "frequency";
    /** A framework requirement a control satisfies, as {@code <framework id>:<requirement id>}. */
    static final String MAPPING = "mapping";
    /** The id of an automated check. */
    static final String CHECK_ID = "check-id";
    /** The id of an evidence task (recurring manual evidence). */
    static final String EVIDENCE_TASK_ID = "evidence-task-id";
    /** How often an evidence task must be provided again: {@code monthly} ... {@code annually}. */
    static final String RECURRENCE = "recurrence";
    /** The severity of a failing check. */
    static final String SEVERITY = "severity";
    /** The resource type a check evaluates. */
    static final String RESOURCE_TYPE = "resource-type";
    /** A Vigil framework id on a back-matter resource. */
    static final String FRAMEWORK_ID = "framework-id";
    /** The edition of a framework, on a back-matter resource. */
    static final String FRAMEWORK_VERSION = "framework-version";
    /** A control's posture in a workspace: PASSING, FAILING, ERROR or NEEDS_EVIDENCE. */
    static final String POSTURE_STATE = "posture-state";
    /** The workspace a component definition describes. */
    static final String WORKSPACE_ID = "workspace-id";

    private VigilNamespace() {}

    static Property prop(String name, String value) {
        Property property = new Property();
        property.setNs(URI);
        property.setName(name);
        property.setValue(value);
        return property;
    }

    static Property prop(String name, String value, String clazz) {
        Property property = prop(name, value);
        property.setClazz(clazz);
        return property;
    }
}
