package dev.vigil.web.api;

import dev.vigil.identity.Access;
import dev.vigil.identity.VigilPrincipal;
import dev.vigil.oscal.OscalExporter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The control library and the workspace's implementation of it as OSCAL 1.1.3 JSON downloads. */
@RestController
@RequestMapping("/api/v1/oscal")
@Tag(name = "OSCAL", description = "Control library and implementation as NIST OSCAL documents")
class OscalApi {

    static final String COMPONENT_DEFINITION_FILE = "vigil-component-definition.json";

    private final OscalExporter exporter;

    OscalApi(OscalExporter exporter) {
        this.exporter = exporter;
    }

    @GetMapping(value = "/catalog", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Access.READ_POSTURE)
    @Operation(
            summary = "The control library as an OSCAL catalog: a group per category, each control with its"
                    + " statement, framework mappings and automated checks")
    ResponseEntity<String> catalog() {
        return download(exporter.catalog(), exporter.catalogFileName());
    }

    @GetMapping(value = "/component-definition", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Access.READ_POSTURE)
    @Operation(
            summary = "The workspace's implementation as an OSCAL component definition: every control with how it"
                    + " is proven and its current posture state; its catalog is the one of /api/v1/oscal/catalog")
    ResponseEntity<String> componentDefinition(VigilPrincipal principal) {
        return download(exporter.componentDefinition(principal.workspaceId()), COMPONENT_DEFINITION_FILE);
    }

    private static ResponseEntity<String> download(String json, String fileName) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(fileName)
                                .build()
                                .toString())
                .body(json);
    }
}
