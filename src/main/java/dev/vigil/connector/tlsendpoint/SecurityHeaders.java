package dev.vigil.connector.tlsendpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The security-relevant response headers of one HTTPS response, normalized so that checks compare plain values.
 * Other headers (Date, Set-Cookie, ETag) are left out of the attributes: they change on every request and say
 * nothing about configuration. The raw response head is kept as evidence instead.
 */
final class SecurityHeaders {

    static final List<String> RECORDED = List.of(
            "strict-transport-security",
            "content-security-policy",
            "content-security-policy-report-only",
            "x-content-type-options",
            "x-frame-options",
            "referrer-policy",
            "permissions-policy");

    private static final Pattern MAX_AGE = Pattern.compile("(?i)^\\s*max-age\\s*=\\s*\"?(\\d+)\"?\\s*$");
    /** Per-response nonces would make every run look like a change. */
    private static final Pattern NONCE = Pattern.compile("'nonce-[^']*'");

    private SecurityHeaders() {}

    static Map<String, Object> read(TlsClient.Response response) {
        Map<String, Object> http = new LinkedHashMap<>();
        Map<String, Object> recorded = new LinkedHashMap<>();
        for (String name : RECORDED) {
            String value = response.header(name);
            if (value != null) {
                recorded.put(name, withoutNonces(value));
            }
        }
        http.put("headers", recorded);

        // A browser honours only the first Strict-Transport-Security header (RFC 6797, section 8.1).
        List<String> hstsValues = response.headers().getOrDefault("strict-transport-security", List.of());
        String hsts = hstsValues.isEmpty() ? null : hstsValues.get(0);
        http.put("hsts", hsts);
        Long maxAge = null;
        boolean includeSubDomains = false;
        boolean preload = false;
        if (hsts != null) {
            for (String directive : hsts.split(";")) {
                Matcher matcher = MAX_AGE.matcher(directive);
                if (matcher.matches()) {
                    try {
                        maxAge = Long.parseLong(matcher.group(1));
                    } catch (NumberFormatException e) {
                        maxAge = Long.MAX_VALUE;
                    }
                }
                includeSubDomains |= directive.strip().equalsIgnoreCase("includeSubDomains");
                preload |= directive.strip().equalsIgnoreCase("preload");
            }
        }
        http.put("hstsMaxAgeSeconds", maxAge);
        http.put("hstsIncludeSubDomains", includeSubDomains);
        http.put("hstsPreload", preload);

        String csp = response.header("content-security-policy");
        http.put("contentSecurityPolicy", csp == null ? null : withoutNonces(csp));
        http.put("frameAncestors", csp == null ? null : frameAncestors(csp));
        String frameOptions = response.header("x-frame-options");
        http.put(
                "xFrameOptions",
                frameOptions == null ? null : frameOptions.strip().toUpperCase(Locale.ROOT));
        String typeOptions = response.header("x-content-type-options");
        http.put(
                "xContentTypeOptions",
                typeOptions == null ? null : typeOptions.strip().toLowerCase(Locale.ROOT));
        return http;
    }

    /** The value of the first frame-ancestors directive across the enforced policies, or null. */
    static String frameAncestors(String policies) {
        for (String policy : policies.split(",")) {
            for (String directive : policy.split(";")) {
                String trimmed = directive.strip();
                String name = trimmed.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
                if (name.equals("frame-ancestors")) {
                    return trimmed.length() > name.length()
                            ? trimmed.substring(name.length()).strip()
                            : "";
                }
            }
        }
        return null;
    }

    private static String withoutNonces(String value) {
        return NONCE.matcher(value).replaceAll("'nonce-(per response)'");
    }
}
