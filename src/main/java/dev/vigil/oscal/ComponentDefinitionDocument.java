package dev.vigil.oscal;

import dev.vigil.catalog.CheckDefinition;
import dev.vigil.catalog.Control;
import dev.vigil.evidence.TaskStatus;
import dev.vigil.posture.CheckRollup;
import dev.vigil.posture.ControlStatus;
import dev.vigil.posture.PostureReport;
import dev.vigil.workspace.Workspace;
import gov.nist.secauto.oscal.lib.model.BackMatter;
import gov.nist.secauto.oscal.lib.model.ComponentControlImplementation;
import gov.nist.secauto.oscal.lib.model.ComponentDefinition;
import gov.nist.secauto.oscal.lib.model.ComponentImplementedRequirement;
import gov.nist.secauto.oscal.lib.model.DefinedComponent;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * A workspace's implementation of the control library as an OSCAL component definition: one software component,
 * the environment Vigil monitors, implementing every control of the catalog, each with how it is proven and its
 * current posture state. The catalog is referenced through a back-matter resource whose links name the catalog
 * export (saved beside this file) and the API path that serves it.
 */
final class ComponentDefinitionDocument {

    static final String COMPONENT_TITLE = "Vigil-monitored environment";

    private ComponentDefinitionDocument() {}

    static ComponentDefinition build(Workspace workspace, String contentVersion, PostureReport report) {
        String scope = "workspace/" + workspace.id() + "/";
        ComponentDefinition document = new ComponentDefinition();
        // A new document per posture: the states in it are those of this moment.
        document.setUuid(OscalIds.uuid(scope + "component-definition/" + report.generatedAt()));
        Instant generatedAt = report.generatedAt().truncatedTo(ChronoUnit.SECONDS);
        document.setMetadata(Documents.metadata(
                "Implementation of the Vigil control library by " + workspace.name(),
                generatedAt.toString(),
                generatedAt));

        UUID catalogResource = OscalIds.uuid("catalog-resource/" + contentVersion);
        DefinedComponent component = new DefinedComponent();
        component.setUuid(OscalIds.uuid(scope + "component"));
        component.setType("software");
        component.setTitle(Markup.line(COMPONENT_TITLE));
        component.setDescription(Markup.prose("The systems of " + workspace.name()
                + " that Vigil observes through its integrations, and the security program around them."));
        component.addProp(
                VigilNamespace.prop(VigilNamespace.WORKSPACE_ID, workspace.id().toString()));

        ComponentControlImplementation implementation = new ComponentControlImplementation();
        implementation.setUuid(OscalIds.uuid(scope + "control-implementation/" + contentVersion));
        implementation.setSource(URI.create("#" + catalogResource));
        implementation.setDescription(Markup.prose("Controls of the Vigil control library " + contentVersion
                + " with their posture in Vigil at " + generatedAt + "."));
        for (ControlStatus status : report.controls()) {
            implementation.addImplementedRequirement(requirement(scope, status));
        }
        component.addControlImplementation(implementation);
        document.addComponent(component);

        BackMatter backMatter = new BackMatter();
        backMatter.addResource(catalogResource(catalogResource, contentVersion));
        document.setBackMatter(backMatter);
        return document;
    }

    private static ComponentImplementedRequirement requirement(String scope, ControlStatus status) {
        Control control = status.control();
        ComponentImplementedRequirement requirement = new ComponentImplementedRequirement();
        requirement.setUuid(OscalIds.uuid(scope + "implemented-requirement/" + control.id()));
        requirement.setControlId(OscalIds.controlId(control.id()));
        requirement.setDescription(Markup.markdown(howProven(status)));
        requirement.addProp(VigilNamespace.prop(VigilNamespace.VIGIL_ID, control.id()));
        requirement.addProp(
                VigilNamespace.prop(VigilNamespace.POSTURE_STATE, status.state().name()));
        return requirement;
    }

    /** Markdown: the control's statement, then what proves it and where each proof stands. */
    static String howProven(ControlStatus status) {
        Control control = status.control();
        StringBuilder text =
                new StringBuilder(Markup.escape(control.description().strip()));
        String accountability = " (frequency: " + Markup.escape(control.frequency()) + "; owner: the "
                + Markup.escape(control.ownerRole()) + " role)";
        boolean checks = !status.checks().isEmpty();
        boolean tasks = !status.evidenceTasks().isEmpty();
        if (!checks && !tasks) {
            return text.append("\n\nNothing in Vigil proves this control yet: it needs manual evidence")
                    .append(accountability)
                    .append('.')
                    .toString();
        }
        text.append("\n\nProven by ");
        if (checks) {
            text.append("automated checks that Vigil evaluates on every collection run");
        }
        if (checks && tasks) {
            text.append(" and by ");
        }
        if (tasks) {
            text.append("evidence tasks, documents provided again every period");
        }
        text.append(accountability).append(". Where each stands:\n");
        for (CheckRollup rollup : status.checks()) {
            CheckDefinition check = rollup.check();
            text.append("\n- check ")
                    .append(Markup.escape(check.title()))
                    .append(" (`")
                    .append(check.id())
                    .append("`): ")
                    .append(rollup.state().name());
        }
        for (TaskStatus task : status.evidenceTasks()) {
            text.append("\n- evidence task ")
                    .append(Markup.escape(task.task().title()))
                    .append(" (`")
                    .append(task.task().id())
                    .append("`): ")
                    .append(task.state().name());
            switch (task.state()) {
                case CURRENT -> text.append(", next due ").append(task.dueDate());
                case OVERDUE -> text.append(" since ").append(task.dueDate());
                case MISSING -> {}
            }
        }
        return text.toString();
    }

    private static BackMatter.Resource catalogResource(UUID uuid, String contentVersion) {
        BackMatter.Resource resource = new BackMatter.Resource();
        resource.setUuid(uuid);
        resource.setTitle(Markup.line(CatalogDocument.TITLE + " " + contentVersion));
        BackMatter.Resource.Rlink file = new BackMatter.Resource.Rlink();
        file.setHref(URI.create(OscalExporter.catalogFileName(contentVersion)));
        file.setMediaType("application/oscal.catalog+json");
        resource.addRlink(file);
        BackMatter.Resource.Rlink api = new BackMatter.Resource.Rlink();
        api.setHref(URI.create(OscalExporter.CATALOG_PATH));
        api.setMediaType("application/json");
        resource.addRlink(api);
        return resource;
    }
}
