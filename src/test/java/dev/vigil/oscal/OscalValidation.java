package dev.vigil.oscal;

import gov.nist.secauto.metaschema.core.configuration.DefaultConfiguration;
import gov.nist.secauto.metaschema.core.model.constraint.IConstraint;
import gov.nist.secauto.metaschema.core.model.validation.IValidationFinding;
import gov.nist.secauto.metaschema.core.model.validation.IValidationResult;
import gov.nist.secauto.metaschema.core.model.validation.JsonSchemaContentValidator;
import gov.nist.secauto.metaschema.core.model.validation.XmlSchemaContentValidator;
import gov.nist.secauto.metaschema.databind.IBindingContext;
import gov.nist.secauto.metaschema.databind.io.Format;
import gov.nist.secauto.oscal.lib.OscalBindingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.json.JSONObject;
import org.json.JSONTokener;

/**
 * NIST's validation of OSCAL documents, as {@code oscal-cli validate} does it: first the OSCAL 1.1.3 JSON schema
 * that liboscal ships ({@code schema/json/oscal-<model>_schema.json}), then, when the schema passes, the Metaschema
 * constraints of the OSCAL models (allowed values, unique ids, cross-references) through {@link
 * IBindingContext#validate(java.net.URI, Format, IBindingContext.ISchemaValidationProvider,
 * gov.nist.secauto.metaschema.core.configuration.IConfiguration)}.
 */
final class OscalValidation {

    private static final Map<String, JsonSchemaContentValidator> SCHEMAS = new ConcurrentHashMap<>();

    private OscalValidation() {}

    /**
     * Failed checks at level WARNING or worse (schema violations are CRITICAL, most constraints ERROR), each as
     * "level kind at path: message"; informational findings are left out.
     */
    static List<String> problems(Path document) throws IOException {
        IValidationResult result = OscalBindingContext.instance()
                .validate(document.toUri(), Format.JSON, new Schemas(), new DefaultConfiguration<>());
        return result.getFindings().stream()
                .filter(f -> f.getKind() == IValidationFinding.Kind.FAIL)
                .filter(f -> f.getSeverity().ordinal() >= IConstraint.Level.WARNING.ordinal())
                .map(OscalValidation::describe)
                .toList();
    }

    /** Writes the document to {@code file} (validation reads from a URI) and validates it. */
    static List<String> problems(String json, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
        return problems(file);
    }

    private static String describe(IValidationFinding finding) {
        return finding.getSeverity() + " " + finding.getKind() + " at " + finding.getPath() + ": "
                + finding.getMessage();
    }

    /** The JSON schema of the model the document's root property names. */
    static JsonSchemaContentValidator schemaFor(JSONObject document) {
        String model = document.keySet().stream()
                .filter(key -> !key.equals("$schema"))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("an empty JSON object is no OSCAL document"));
        return SCHEMAS.computeIfAbsent(model, OscalValidation::load);
    }

    private static JsonSchemaContentValidator load(String model) {
        String resource = "schema/json/oscal-" + model + "_schema.json";
        try (InputStream schema = OscalBindingContext.class.getClassLoader().getResourceAsStream(resource)) {
            if (schema == null) {
                throw new IllegalArgumentException("liboscal ships no JSON schema for the OSCAL model '" + model + "'");
            }
            return new JsonSchemaContentValidator(new JSONObject(new JSONTokener(schema)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Schemas implements IBindingContext.ISchemaValidationProvider {

        @Override
        public JsonSchemaContentValidator getJsonSchema(JSONObject document, IBindingContext context) {
            return schemaFor(document);
        }

        @Override
        public XmlSchemaContentValidator getXmlSchemas(URL document, IBindingContext context) {
            throw new UnsupportedOperationException("Vigil exports OSCAL as JSON only");
        }
    }
}
