package dev.vigil.oscal;

import dev.vigil.catalog.CheckDefinition;
import dev.vigil.catalog.Control;
import dev.vigil.catalog.EvidenceTaskDefinition;
import dev.vigil.catalog.Framework;
import dev.vigil.catalog.FrameworkCatalog;
import gov.nist.secauto.oscal.lib.model.BackMatter;
import gov.nist.secauto.oscal.lib.model.Catalog;
import gov.nist.secauto.oscal.lib.model.CatalogGroup;
import gov.nist.secauto.oscal.lib.model.ControlPart;
import gov.nist.secauto.oscal.lib.model.Link;
import gov.nist.secauto.oscal.lib.model.Property;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Vigil's control library as an OSCAL catalog: one group per control category (in content order), one control per
 * Vigil control with its statement, owner role, frequency, mapped requirements, automated checks and evidence
 * tasks; each framework is a back-matter resource that the controls' links cite.
 */
final class CatalogDocument {

    static final String TITLE = "Vigil control library";

    private CatalogDocument() {}

    /** The document's UUID: one per content version, since the content version changes with every content change. */
    static UUID uuid(String contentVersion) {
        return OscalIds.uuid("catalog/" + contentVersion);
    }

    static UUID frameworkResource(String frameworkId) {
        return OscalIds.uuid("framework/" + frameworkId);
    }

    /**
     * @param categoryTitle English title of a control category
     * @throws IllegalStateException when two Vigil control ids map to the same OSCAL id
     */
    static Catalog build(FrameworkCatalog catalog, Function<String, String> categoryTitle, Instant lastModified) {
        Catalog document = new Catalog();
        document.setUuid(uuid(catalog.version()));
        document.setMetadata(Documents.metadata(TITLE, catalog.version(), lastModified));

        Map<String, String> usedIds = new HashMap<>();
        Map<String, CatalogGroup> groups = new LinkedHashMap<>();
        for (Control control : catalog.controls()) {
            String id = OscalIds.controlId(control.id());
            String clash = usedIds.putIfAbsent(id, control.id());
            if (clash != null) {
                throw new IllegalStateException("controls '" + clash + "' and '" + control.id()
                        + "' would both be OSCAL control '" + id + "'; rename one");
            }
            groups.computeIfAbsent(control.category(), category -> group(category, categoryTitle.apply(category)))
                    .addControl(control(catalog, control, id));
        }
        groups.values().forEach(document::addGroup);

        BackMatter backMatter = new BackMatter();
        catalog.frameworks().forEach(framework -> backMatter.addResource(framework(framework)));
        document.setBackMatter(backMatter);
        return document;
    }

    private static CatalogGroup group(String category, String title) {
        CatalogGroup group = new CatalogGroup();
        group.setId(OscalIds.controlId(category));
        group.setTitle(Markup.line(title));
        return group;
    }

    private static gov.nist.secauto.oscal.lib.model.Control control(
            FrameworkCatalog catalog, Control control, String id) {
        gov.nist.secauto.oscal.lib.model.Control oscal = new gov.nist.secauto.oscal.lib.model.Control();
        oscal.setId(id);
        oscal.setTitle(Markup.line(control.title()));
        oscal.addProp(VigilNamespace.prop(VigilNamespace.VIGIL_ID, control.id()));
        oscal.addProp(VigilNamespace.prop(VigilNamespace.OWNER_ROLE, control.ownerRole()));
        oscal.addProp(VigilNamespace.prop(VigilNamespace.FREQUENCY, control.frequency()));
        for (Framework framework : catalog.frameworks()) {
            List<String> requirements = control.mappings().getOrDefault(framework.id(), List.of());
            if (requirements.isEmpty()) {
                continue;
            }
            for (String requirement : requirements) {
                oscal.addProp(mapping(framework.id(), requirement));
            }
            oscal.addLink(citation(framework, requirements));
        }

        ControlPart statement = new ControlPart();
        statement.setId(id + "_smt");
        statement.setName("statement");
        statement.setProse(Markup.prose(control.description()));
        oscal.addPart(statement);

        List<CheckDefinition> checks = control.checkIds().stream()
                .map(checkId -> catalog.check(checkId).orElseThrow())
                .toList();
        if (!checks.isEmpty()) {
            oscal.addPart(automatedChecks(id, checks));
        }
        List<EvidenceTaskDefinition> tasks = catalog.evidenceTasksFor(control.id());
        if (!tasks.isEmpty()) {
            oscal.addPart(evidenceTasks(id, tasks));
        }
        return oscal;
    }

    private static Property mapping(String frameworkId, String requirementId) {
        return VigilNamespace.prop(VigilNamespace.MAPPING, frameworkId + ":" + requirementId, frameworkId);
    }

    /** A link to the framework's back-matter resource, its text naming the requirements. */
    private static Link citation(Framework framework, List<String> requirements) {
        Link link = new Link();
        link.setHref(URI.create("#" + frameworkResource(framework.id())));
        link.setRel("reference");
        link.setText(Markup.line(framework.name() + ": " + String.join(", ", requirements)));
        return link;
    }

    private static ControlPart automatedChecks(String controlId, List<CheckDefinition> checks) {
        ControlPart part = new ControlPart();
        part.setId(controlId + "_chk");
        part.setName("automated-checks");
        part.setNs(VigilNamespace.URI);
        part.setTitle(Markup.line("Automated checks"));
        part.setProse(Markup.prose(
                "Vigil evaluates these checks on every collection run; the control fails when one of them fails."));
        for (CheckDefinition check : checks) {
            ControlPart item = new ControlPart();
            item.setName("check");
            item.setNs(VigilNamespace.URI);
            item.setTitle(Markup.line(check.title()));
            item.addProp(VigilNamespace.prop(VigilNamespace.CHECK_ID, check.id()));
            item.addProp(VigilNamespace.prop(VigilNamespace.RESOURCE_TYPE, check.resourceType()));
            item.addProp(VigilNamespace.prop(
                    VigilNamespace.SEVERITY, check.severity().name().toLowerCase(Locale.ROOT)));
            part.addPart(item);
        }
        return part;
    }

    private static ControlPart evidenceTasks(String controlId, List<EvidenceTaskDefinition> tasks) {
        ControlPart part = new ControlPart();
        part.setId(controlId + "_tsk");
        part.setName("evidence-tasks");
        part.setNs(VigilNamespace.URI);
        part.setTitle(Markup.line("Evidence tasks"));
        part.setProse(Markup.prose(
                "Documents someone provides again every period; the control fails when one of" + " them is overdue."));
        for (EvidenceTaskDefinition task : tasks) {
            ControlPart item = new ControlPart();
            item.setName("evidence-task");
            item.setNs(VigilNamespace.URI);
            item.setTitle(Markup.line(task.title()));
            item.addProp(VigilNamespace.prop(VigilNamespace.EVIDENCE_TASK_ID, task.id()));
            item.addProp(VigilNamespace.prop(
                    VigilNamespace.RECURRENCE, task.recurrence().name().toLowerCase(Locale.ROOT)));
            item.addProp(VigilNamespace.prop(VigilNamespace.OWNER_ROLE, task.ownerRole()));
            item.setProse(Markup.prose(task.description()));
            part.addPart(item);
        }
        return part;
    }

    private static BackMatter.Resource framework(Framework framework) {
        BackMatter.Resource resource = new BackMatter.Resource();
        resource.setUuid(frameworkResource(framework.id()));
        resource.setTitle(Markup.line(framework.fullName() == null ? framework.name() : framework.fullName()));
        if (framework.description() != null) {
            resource.setDescription(Markup.prose(framework.description()));
        }
        resource.addProp(VigilNamespace.prop(VigilNamespace.FRAMEWORK_ID, framework.id()));
        if (framework.version() != null) {
            resource.addProp(VigilNamespace.prop(VigilNamespace.FRAMEWORK_VERSION, framework.version()));
        }
        if (framework.url() != null) {
            BackMatter.Resource.Rlink link = new BackMatter.Resource.Rlink();
            link.setHref(URI.create(framework.url()));
            resource.addRlink(link);
        }
        return resource;
    }
}
