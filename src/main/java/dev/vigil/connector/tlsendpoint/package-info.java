/**
 * The {@code tls-endpoint} connector: one {@code endpoint.tls} resource per configured TLS server, seen the way
 * a client on the network sees it.
 *
 * <p>Top-level attributes (pinned in {@code TlsEndpointConnectorTest.CONTRACT_KEYS}):
 *
 * <ul>
 *   <li>{@code host}, {@code port}, {@code serverName}, {@code address}: what was connected to.
 *   <li>{@code tls10}, {@code tls11}, {@code tls12}, {@code tls13}: {@code {accepted, answer}} for each version,
 *       probed with a ClientHello written by {@link dev.vigil.connector.tlsendpoint.ProtocolProbe} (the JDK's
 *       own TLS stack cannot offer TLS 1.0 or 1.1). A version that got no answer at all is unknown.
 *   <li>{@code acceptedProtocols}: the labels of the accepted versions, oldest first.
 *   <li>{@code negotiated}: {@code {protocol, cipherSuite}} of a handshake by the JDK (TLS 1.2 or 1.3).
 *   <li>{@code certificate}: the leaf's subject, issuer, validity, {@code daysUntilExpiry} (whole days, changes
 *       once a day), {@code keyType}, {@code keySize}, {@code signatureAlgorithm}, {@code selfSigned}.
 *   <li>{@code chain}: {@code trusted} (PKIX against the configured PEM bundle or the JVM's trust store) with
 *       the {@code reason}, and each presented certificate with its {@code role} (leaf, intermediate, root).
 *   <li>{@code hostname}: {@code matches} the server name by the rules of RFC 6125 / RFC 9525, with the reason.
 *   <li>{@code http}: {@code checked}, status, the security headers of the configured path and their parsed
 *       values (HSTS max-age, CSP, frame-ancestors, X-Frame-Options, X-Content-Type-Options).
 *   <li>{@code securityTxt}: {@code checked}, {@code found}, and the RFC 9116 fields with a list of
 *       {@code problems}; a PGP-signed file is recorded as signed but not verified.
 * </ul>
 *
 * <p>An expired, self-signed or mismatched certificate is an observation, never a failed run. This package uses
 * the JDK only and never sends anything but a ClientHello and HTTP GET requests.
 */
package dev.vigil.connector.tlsendpoint;
