package dev.vigil.oscal;

import gov.nist.secauto.metaschema.core.model.IBoundObject;
import gov.nist.secauto.metaschema.databind.io.Format;
import gov.nist.secauto.metaschema.databind.io.ISerializer;
import gov.nist.secauto.oscal.lib.OscalBindingContext;
import gov.nist.secauto.oscal.lib.model.Metadata;
import gov.nist.secauto.oscal.lib.model.ResponsibleParty;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** What every exported document shares: the OSCAL version, the metadata block, and JSON serialization. */
final class Documents {

    /** The OSCAL release whose schemas liboscal ships and the exports are validated against. */
    static final String OSCAL_VERSION = "1.1.3";

    static final UUID VIGIL_PARTY = OscalIds.uuid("party/vigil");
    private static final String CREATOR_ROLE = "creator";

    private Documents() {}

    /** Metadata naming Vigil as the creator, so a reader knows the document was generated, not hand-written. */
    static Metadata metadata(String title, String version, Instant lastModified) {
        Metadata metadata = new Metadata();
        metadata.setTitle(Markup.line(title));
        metadata.setLastModified(lastModified.truncatedTo(ChronoUnit.SECONDS).atZone(ZoneOffset.UTC));
        metadata.setVersion(version);
        metadata.setOscalVersion(OSCAL_VERSION);

        Metadata.Role creator = new Metadata.Role();
        creator.setId(CREATOR_ROLE);
        creator.setTitle(Markup.line("Creator"));
        metadata.addRole(creator);

        Metadata.Party vigil = new Metadata.Party();
        vigil.setUuid(VIGIL_PARTY);
        vigil.setType("organization");
        vigil.setName("Vigil");
        metadata.addParty(vigil);

        ResponsibleParty createdBy = new ResponsibleParty();
        createdBy.setRoleId(CREATOR_ROLE);
        createdBy.addPartyUuid(VIGIL_PARTY);
        metadata.addResponsibleParty(createdBy);
        return metadata;
    }

    /** The document as OSCAL JSON, with its root property ({@code {"catalog": {...}}}) and keys in a stable order. */
    static <T extends IBoundObject> String json(T document, Class<T> type) {
        ISerializer<T> serializer = OscalBindingContext.instance().newSerializer(Format.JSON, type);
        StringWriter json = new StringWriter();
        try {
            serializer.serialize(document, json);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the OSCAL " + type.getSimpleName(), e);
        }
        return KeyOrder.apply(json.toString());
    }
}
