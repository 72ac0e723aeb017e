package dev.vigil.web.ui;

import dev.vigil.catalog.CheckDefinition;
import dev.vigil.catalog.FrameworkCatalog;
import dev.vigil.connector.ConnectorDescriptor;
import dev.vigil.evidence.EvidenceLedger;
import dev.vigil.evidence.EvidenceRecord;
import dev.vigil.identity.Access;
import dev.vigil.identity.VigilPrincipal;
import dev.vigil.integration.Integration;
import dev.vigil.integration.Integrations;
import dev.vigil.inventory.Inventory;
import dev.vigil.inventory.ResourceRecord;
import dev.vigil.monitoring.CheckResults;
import dev.vigil.monitoring.CheckStatus;
import dev.vigil.monitoring.CurrentResult;
import dev.vigil.monitoring.ResultFilter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The inventory (paginated), one resource with its attributes, results and evidence, and one evidence record. */
@Controller
class ResourcePages {

    static final int PAGE_SIZE = 50;
    static final int EVIDENCE_SHOWN = 25;

    private final Inventory inventory;
    private final EvidenceLedger evidence;
    private final CheckResults results;
    private final FrameworkCatalog catalog;
    private final Integrations integrations;

    ResourcePages(
            Inventory inventory,
            EvidenceLedger evidence,
            CheckResults results,
            FrameworkCatalog catalog,
            Integrations integrations) {
        this.inventory = inventory;
        this.evidence = evidence;
        this.results = results;
        this.catalog = catalog;
        this.integrations = integrations;
    }

    /** How many checks currently fail or err on a resource. */
    record ResultCounts(int failing, int errors) {}

    /** A current result with its check's definition, for the resource page. */
    record ResultRow(CurrentResult result, CheckDefinition check) {}

    @GetMapping("/resources")
    @PreAuthorize(Access.READ_POSTURE)
    String resources(
            VigilPrincipal principal,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) UUID after,
            Model model) {
        String typeFilter = type == null || type.isBlank() ? null : type.strip();
        // One extra row tells whether a next page exists.
        List<ResourceRecord> page = inventory.page(principal.workspaceId(), typeFilter, after, PAGE_SIZE + 1);
        boolean more = page.size() > PAGE_SIZE;
        List<ResourceRecord> shown = more ? page.subList(0, PAGE_SIZE) : page;
        Map<UUID, ResultCounts> counts = new HashMap<>();
        count(principal, CheckStatus.FAIL, counts);
        count(principal, CheckStatus.ERROR, counts);
        Map<UUID, String> integrationNames = integrations.list(principal.workspaceId()).stream()
                .collect(Collectors.toMap(Integration::id, Integration::name));
        model.addAttribute("resources", shown);
        model.addAttribute("counts", counts);
        model.addAttribute("integrationNames", integrationNames);
        model.addAttribute("type", typeFilter);
        model.addAttribute("types", resourceTypes());
        model.addAttribute("after", after);
        model.addAttribute("nextAfter", more ? shown.get(shown.size() - 1).id() : null);
        return "resources/list";
    }

    @GetMapping("/resources/{id}")
    @PreAuthorize(Access.READ_POSTURE)
    String resource(VigilPrincipal principal, @PathVariable UUID id, Model model) {
        ResourceRecord resource = inventory
                .find(principal.workspaceId(), id)
                .orElseThrow(() -> new PageNotFoundException("resource", id));
        List<ResultRow> rows = results.current(principal.workspaceId(), new ResultFilter(null, null, null, id)).stream()
                .sorted(CheckPages.WORST_FIRST.thenComparing(CurrentResult::checkId))
                .map(r -> new ResultRow(r, catalog.check(r.checkId()).orElse(null)))
                .filter(r -> r.check() != null)
                .toList();
        model.addAttribute("resource", resource);
        model.addAttribute("attributes", AttributeNode.of(resource.attributes()));
        model.addAttribute("results", rows);
        model.addAttribute("evidence", evidence.history(principal.workspaceId(), id, EVIDENCE_SHOWN));
        model.addAttribute(
                "integration",
                integrations
                        .find(principal.workspaceId(), resource.integrationId())
                        .orElse(null));
        return "resources/detail";
    }

    @GetMapping("/evidence/{id}")
    @PreAuthorize(Access.READ_POSTURE)
    String evidence(VigilPrincipal principal, @PathVariable UUID id, Model model) {
        EvidenceRecord record =
                evidence.find(principal.workspaceId(), id).orElseThrow(() -> new PageNotFoundException("evidence", id));
        Map<String, Object> content = record.content();
        model.addAttribute("record", record);
        model.addAttribute(
                "resource",
                inventory.find(principal.workspaceId(), record.resourceId()).orElse(null));
        model.addAttribute("attributes", AttributeNode.of(map(content.get("attributes"))));
        model.addAttribute("unknown", stringMap(content.get("unknown")));
        model.addAttribute("raw", stringMap(content.get("raw")));
        return "resources/evidence";
    }

    private void count(VigilPrincipal principal, CheckStatus status, Map<UUID, ResultCounts> counts) {
        for (CurrentResult result :
                results.current(principal.workspaceId(), new ResultFilter(null, null, status, null))) {
            counts.merge(
                    result.resourceId(),
                    status == CheckStatus.FAIL ? new ResultCounts(1, 0) : new ResultCounts(0, 1),
                    (a, b) -> new ResultCounts(a.failing() + b.failing(), a.errors() + b.errors()));
        }
    }

    /** Types a filter can offer: what installed connectors yield and what checks inspect. */
    private List<String> resourceTypes() {
        TreeSet<String> types = new TreeSet<>();
        integrations.connectors().stream()
                .map(ConnectorDescriptor::resourceTypes)
                .forEach(types::addAll);
        catalog.checks().stream().map(CheckDefinition::resourceType).forEach(types::add);
        return List.copyOf(types);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static Map<String, String> stringMap(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return Map.of();
        }
        return map.entrySet().stream()
                .collect(Collectors.toMap(
                        e -> String.valueOf(e.getKey()),
                        e -> e.getValue() == null ? "" : String.valueOf(e.getValue()),
                        (a, b) -> a,
                        LinkedHashMap::new));
    }
}
