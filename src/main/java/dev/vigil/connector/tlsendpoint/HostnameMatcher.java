package dev.vigil.connector.tlsendpoint;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides whether a certificate is valid for the name a client connects to, the way browsers do (RFC 6125 as
 * narrowed by RFC 9525 and the CA/Browser Forum rules).
 *
 * <ul>
 *   <li>Only subjectAltName entries count. The subject's common name is ignored: browsers stopped reading it
 *       years ago and RFC 9525 dropped it.
 *   <li>DNS names compare case-insensitively, as A-labels, without a trailing dot.
 *   <li>A wildcard is only the whole left-most label ({@code *.example.com}); it matches exactly one label,
 *       never the bare domain, never an IP address, and never directly below a top-level domain
 *       ({@code *.com}).
 *   <li>An IP address matches only an iPAddress entry with the same address.
 * </ul>
 */
final class HostnameMatcher {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    /** The outcome, with the name that matched or why none did. */
    record Match(boolean matches, String explanation, List<String> dnsNames, List<String> ipAddresses) {}

    private HostnameMatcher() {}

    static boolean isIpLiteral(String name) {
        return IPV4.matcher(name).matches() || name.contains(":");
    }

    static Match match(String expected, X509Certificate certificate) {
        List<String> dnsNames = new ArrayList<>();
        List<String> ipAddresses = new ArrayList<>();
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> entry : names) {
                    int type = (Integer) entry.get(0);
                    if (type == SAN_DNS) {
                        dnsNames.add(String.valueOf(entry.get(1)));
                    } else if (type == SAN_IP) {
                        ipAddresses.add(String.valueOf(entry.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return new Match(
                    false, "the subjectAltName extension cannot be parsed: " + e.getMessage(), dnsNames, ipAddresses);
        }
        if (isIpLiteral(expected)) {
            for (String ip : ipAddresses) {
                if (sameAddress(expected, ip)) {
                    return new Match(true, "IP address " + ip + " is listed in the certificate", dnsNames, ipAddresses);
                }
            }
            return new Match(
                    false,
                    "the certificate lists no IP address " + expected + " (IP addresses: "
                            + (ipAddresses.isEmpty() ? "none" : String.join(", ", ipAddresses)) + ")",
                    dnsNames,
                    ipAddresses);
        }
        String name = normalize(expected);
        for (String dnsName : dnsNames) {
            if (matchesDnsName(name, dnsName)) {
                return new Match(true, expected + " matches " + dnsName, dnsNames, ipAddresses);
            }
        }
        String listed = dnsNames.isEmpty()
                ? "the certificate has no DNS names; its common name is not used for matching"
                : "names in the certificate: " + String.join(", ", dnsNames);
        return new Match(
                false, expected + " matches no name in the certificate (" + listed + ")", dnsNames, ipAddresses);
    }

    /** Whether a presented DNS name (possibly a wildcard) covers the reference name. */
    static boolean matchesDnsName(String referenceName, String presented) {
        String reference = normalize(referenceName);
        String pattern = normalize(presented);
        if (reference.isEmpty() || pattern.isEmpty()) {
            return false;
        }
        if (!pattern.startsWith("*.")) {
            return !pattern.contains("*") && pattern.equals(reference);
        }
        String base = pattern.substring(2);
        if (base.contains("*") || base.indexOf('.') < 0 || isIpLiteral(reference)) {
            return false;
        }
        int firstDot = reference.indexOf('.');
        return firstDot > 0 && reference.substring(firstDot + 1).equals(base);
    }

    private static String normalize(String name) {
        String stripped = name.strip();
        if (stripped.endsWith(".")) {
            stripped = stripped.substring(0, stripped.length() - 1);
        }
        try {
            stripped = IDN.toASCII(stripped, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            // Not a valid internationalized name: compare it as given.
        }
        return stripped.toLowerCase(Locale.ROOT);
    }

    private static boolean sameAddress(String a, String b) {
        try {
            // Both are literals, so no name lookup happens here.
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
