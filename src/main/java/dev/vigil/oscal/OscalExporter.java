package dev.vigil.oscal;

import dev.vigil.catalog.FrameworkCatalog;
import dev.vigil.posture.PostureService;
import dev.vigil.workspace.Workspace;
import dev.vigil.workspace.WorkspaceId;
import dev.vigil.workspace.Workspaces;
import gov.nist.secauto.oscal.lib.model.Catalog;
import gov.nist.secauto.oscal.lib.model.ComponentDefinition;
import java.time.Clock;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;

/**
 * Exports OSCAL 1.1.3 documents as JSON: the control library as a catalog and a workspace's implementation of it as
 * a component definition that references the catalog. Stateless and thread-safe; every call builds a fresh
 * document (a few milliseconds for the shipped library).
 *
 * <p>Control ids in both documents are derived from ours ({@code access.workforce-mfa} becomes {@code
 * access-workforce-mfa}); the original id travels in a {@code vigil-id} property of the namespace {@value
 * #NAMESPACE}. UUIDs are name-based (version 5), so the same content gives the same identifiers.
 */
@Service
public class OscalExporter {

    /** Namespace of the properties and parts Vigil adds to OSCAL documents. */
    public static final String NAMESPACE = "https://vigil.dev/ns/oscal";

    /** Where the REST API serves the catalog; the component definition names it as a location of its catalog. */
    public static final String CATALOG_PATH = "/api/v1/oscal/catalog";

    private final FrameworkCatalog catalog;
    private final PostureService posture;
    private final Workspaces workspaces;
    private final MessageSource messages;
    private final Clock clock;

    OscalExporter(
            FrameworkCatalog catalog,
            PostureService posture,
            Workspaces workspaces,
            MessageSource messages,
            Clock clock) {
        this.catalog = catalog;
        this.posture = posture;
        this.workspaces = workspaces;
        this.messages = messages;
        this.clock = clock;
    }

    /**
     * The control library as an OSCAL catalog: metadata with the content version, one group per control category,
     * one control per Vigil control with its statement, owner role, frequency, framework mappings, automated
     * checks and evidence tasks, and the frameworks as back-matter resources. {@code last-modified} is the time of export.
     */
    public String catalog() {
        Catalog document = CatalogDocument.build(catalog, this::categoryTitle, clock.instant());
        return Documents.json(document, Catalog.class);
    }

    /**
     * A workspace's implementation as an OSCAL component definition: one component whose implemented requirements
     * cover every control, each saying how it is proven and carrying its current posture state ({@code PASSING},
     * {@code FAILING}, {@code ERROR} or {@code NEEDS_EVIDENCE}) in a {@code posture-state} property.
     *
     * @throws NoSuchElementException when the workspace does not exist
     */
    public String componentDefinition(WorkspaceId workspace) {
        Workspace found =
                workspaces.find(workspace).orElseThrow(() -> new NoSuchElementException("no workspace " + workspace));
        ComponentDefinition document =
                ComponentDefinitionDocument.build(found, catalog.version(), posture.report(workspace));
        return Documents.json(document, ComponentDefinition.class);
    }

    /** File name for the catalog download; the component definition's reference to its catalog uses it. */
    public String catalogFileName() {
        return catalogFileName(catalog.version());
    }

    static String catalogFileName(String contentVersion) {
        return "vigil-catalog-" + contentVersion + ".json";
    }

    /** The OSCAL control id of one of our controls. */
    public static String controlId(String vigilControlId) {
        return OscalIds.controlId(vigilControlId);
    }

    private String categoryTitle(String category) {
        String fallback = Character.toUpperCase(category.charAt(0))
                + category.substring(1).replace('-', ' ');
        return messages.getMessage("category." + category, null, fallback, Locale.ENGLISH);
    }
}
