package dev.vigil.oscal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Identifiers in exported documents. OSCAL ids are tokens (XML NCNames) and a dot in a control id conventionally
 * marks a control enhancement ({@code ac-2.1}), so ours become hyphenated: {@code access.workforce-mfa} is {@code
 * access-workforce-mfa}. UUIDs are name-based (version 5, which OSCAL accepts beside version 4), so exporting the
 * same thing twice gives the same identifiers and tools can follow a control or a component across exports.
 */
final class OscalIds {

    /** Namespace of every name-based UUID Vigil issues in OSCAL documents (itself a v5 UUID of the URL namespace). */
    static final UUID NAMESPACE =
            nameBased(UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8"), VigilNamespace.URI.toString());

    private OscalIds() {}

    /** The OSCAL control id for one of ours: dots and other characters a token cannot hold become hyphens. */
    static String controlId(String vigilId) {
        StringBuilder id = new StringBuilder(vigilId.length());
        for (int i = 0; i < vigilId.length(); i++) {
            char c = vigilId.charAt(i);
            id.append(Character.isLetterOrDigit(c) || c == '-' || c == '_' ? c : '-');
        }
        if (id.isEmpty() || !(Character.isLetter(id.charAt(0)) || id.charAt(0) == '_')) {
            id.insert(0, "c-");
        }
        return id.toString();
    }

    /** A version 5 UUID for {@code name} in Vigil's namespace; the same name always gives the same UUID. */
    static UUID uuid(String name) {
        return nameBased(NAMESPACE, name);
    }

    /** RFC 4122 §4.3 with SHA-1 (version 5); the JDK only offers the MD5 variant, which OSCAL rejects. */
    static UUID nameBased(UUID namespace, String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-1", e);
        }
        sha1.update(ByteBuffer.allocate(16)
                .putLong(namespace.getMostSignificantBits())
                .putLong(namespace.getLeastSignificantBits())
                .array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bytes.getLong(), bytes.getLong());
    }
}
