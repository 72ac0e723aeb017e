package dev.vigil.connector.tlsendpoint;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a security.txt file as RFC 9116 defines it and lists what is wrong with it.
 *
 * <p>Problems recorded here are the ones that do not depend on policy: a missing Contact, zero or several
 * Expires, an Expires that is not an RFC 3339 date-time or is in the past, a field that may appear once
 * appearing twice, http:// where https:// is required, a Canonical list that does not name the URL the file
 * was fetched from. How far ahead Expires may lie is a check parameter, so only the number of days is recorded.
 *
 * <p>A file wrapped in an OpenPGP cleartext signature (RFC 4880, section 7) is unwrapped and recorded as
 * signed. The signature is not verified: that needs the organization's public key, which is not configured,
 * and saying so is better than implying a verification that never happened.
 */
final class SecurityTxt {

    static final String NOT_SIGNED = "not signed";
    static final String SIGNED_NOT_VERIFIED = "signed, signature not verified: no key configured";

    private static final String SIGNED_HEADER = "-----BEGIN PGP SIGNED MESSAGE-----";
    private static final String SIGNATURE_HEADER = "-----BEGIN PGP SIGNATURE-----";
    private static final String SIGNATURE_FOOTER = "-----END PGP SIGNATURE-----";
    private static final List<String> AT_MOST_ONCE = List.of("expires", "preferred-languages");

    private SecurityTxt() {}

    /**
     * @param text the file as served
     * @param url the URL it was fetched from, compared with its Canonical fields
     * @param now the collection time, for Expires
     */
    static Map<String, Object> parse(String text, String url, Instant now) {
        List<String> problems = new ArrayList<>();
        String content = text.replace("\r\n", "\n");
        boolean signed = content.stripLeading().startsWith(SIGNED_HEADER);
        if (signed) {
            content = unwrapSignedMessage(content.stripLeading(), problems);
        }
        Map<String, List<String>> fields = new LinkedHashMap<>();
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !line.substring(0, colon).matches("[A-Za-z0-9-]+")) {
                problems.add("line " + (i + 1) + " is neither a field nor a comment: '" + shorten(line) + "'");
                continue;
            }
            fields.computeIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }

        List<String> contacts = fields.getOrDefault("contact", List.of());
        List<String> expires = fields.getOrDefault("expires", List.of());
        List<String> canonical = fields.getOrDefault("canonical", List.of());
        if (contacts.isEmpty()) {
            problems.add("no Contact field (at least one is required)");
        }
        for (String contact : contacts) {
            if (contact.toLowerCase(Locale.ROOT).startsWith("http://")) {
                problems.add("Contact " + contact + " uses http://; web contacts must use https://");
            } else if (!contact.matches("[A-Za-z][A-Za-z0-9+.-]*:.+")) {
                problems.add("Contact '" + shorten(contact) + "' is not a URI (an address needs mailto:)");
            }
        }
        for (String field : List.of("canonical", "policy", "encryption", "acknowledgments", "hiring")) {
            for (String value : fields.getOrDefault(field, List.of())) {
                if (value.toLowerCase(Locale.ROOT).startsWith("http://")) {
                    problems.add(capitalize(field) + " " + value + " uses http://; it must use https://");
                }
            }
        }
        for (String field : AT_MOST_ONCE) {
            int count = fields.getOrDefault(field, List.of()).size();
            if (count > 1) {
                problems.add(capitalize(field) + " appears " + count + " times (at most once is allowed)");
            }
        }
        String expiresAt = null;
        Boolean expiresInFuture = null;
        Long daysUntilExpires = null;
        if (expires.isEmpty()) {
            problems.add("no Expires field (exactly one is required)");
        } else if (expires.size() == 1) {
            try {
                Instant expiry = OffsetDateTime.parse(expires.get(0).toUpperCase(Locale.ROOT))
                        .toInstant();
                expiresAt = expiry.toString();
                expiresInFuture = expiry.isAfter(now);
                daysUntilExpires = Math.floorDiv(Duration.between(now, expiry).getSeconds(), 86_400L);
                if (!expiresInFuture) {
                    problems.add("Expires " + expires.get(0) + " is in the past: the file is stale");
                }
            } catch (DateTimeParseException e) {
                problems.add("Expires '" + shorten(expires.get(0))
                        + "' is not an RFC 3339 date-time (for example 2026-12-31T23:00:00Z)");
            }
        }
        if (!canonical.isEmpty() && !canonical.contains(url)) {
            problems.add("fetched from " + url + ", which no Canonical field lists (Canonical: "
                    + String.join(", ", canonical) + ")");
        }

        Map<String, Object> parsed = new LinkedHashMap<>();
        parsed.put("signed", signed);
        parsed.put("signature", signed ? SIGNED_NOT_VERIFIED : NOT_SIGNED);
        parsed.put("contacts", contacts);
        parsed.put("expires", expires);
        parsed.put("expiresAt", expiresAt);
        parsed.put("expiresInFuture", expiresInFuture);
        parsed.put("daysUntilExpires", daysUntilExpires);
        parsed.put("canonical", canonical);
        parsed.put("policy", fields.getOrDefault("policy", List.of()));
        parsed.put("encryption", fields.getOrDefault("encryption", List.of()));
        parsed.put("acknowledgments", fields.getOrDefault("acknowledgments", List.of()));
        parsed.put("preferredLanguages", fields.getOrDefault("preferred-languages", List.of()));
        parsed.put("hiring", fields.getOrDefault("hiring", List.of()));
        parsed.put("problems", problems);
        return parsed;
    }

    /**
     * The signed text of a cleartext-signed message: after the armor headers and the blank line, up to the
     * signature block, with dash-escaped lines ("- -----") restored.
     */
    private static String unwrapSignedMessage(String content, List<String> problems) {
        String[] lines = content.split("\n", -1);
        int start = 1;
        while (start < lines.length && !lines[start].strip().isEmpty()) {
            start++;
        }
        StringBuilder message = new StringBuilder();
        boolean signatureFound = false;
        for (int i = start + 1; i < lines.length; i++) {
            if (lines[i].strip().equals(SIGNATURE_HEADER)) {
                signatureFound = true;
                boolean closed = false;
                for (int j = i + 1; j < lines.length; j++) {
                    closed |= lines[j].strip().equals(SIGNATURE_FOOTER);
                }
                if (!closed) {
                    problems.add("the PGP signature block has no " + SIGNATURE_FOOTER + " line");
                }
                break;
            }
            String line = lines[i].startsWith("- ") ? lines[i].substring(2) : lines[i];
            message.append(line).append('\n');
        }
        if (!signatureFound) {
            problems.add("the file starts as a PGP signed message but has no signature block");
        }
        return message.toString();
    }

    private static String capitalize(String field) {
        StringBuilder name = new StringBuilder();
        for (String part : field.split("-")) {
            if (name.length() > 0) {
                name.append('-');
            }
            name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return name.toString();
    }

    private static String shorten(String value) {
        return value.length() > 80 ? value.substring(0, 77) + "..." : value;
    }
}
