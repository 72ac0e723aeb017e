package dev.vigil.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON with map keys in sorted order, so equal content always serializes, and hashes, the same way whatever
 * order it was built or stored in (PostgreSQL's {@code jsonb} reorders keys). Content hashes of resources and
 * evidence depend on this; do not change the output format without a migration of stored hashes.
 */
public final class CanonicalJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();
    private static final TypeReference<Map<String, Object>> DOCUMENT = new TypeReference<>() {};

    private CanonicalJson() {}

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** Reads a JSON object into plain maps, lists, strings, numbers and booleans. */
    public static Map<String, Object> readDocument(String json) {
        return MAPPER.readValue(json, DOCUMENT);
    }

    public static <T> T read(String json, TypeReference<T> type) {
        return MAPPER.readValue(json, type);
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code text}. */
    public static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
