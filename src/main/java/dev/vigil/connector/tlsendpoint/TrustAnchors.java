package dev.vigil.connector.tlsendpoint;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** The certificate authorities a chain must lead to: a PEM bundle, or the JVM's default trust store. */
record TrustAnchors(String source, Set<TrustAnchor> anchors) {

    private static final Pattern PEM_CERTIFICATE =
            Pattern.compile("-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+?)-----END CERTIFICATE-----");

    TrustAnchors {
        anchors = Set.copyOf(anchors);
    }

    /**
     * Reads every certificate of a PEM bundle. Text between the blocks (comments, as in the bundles of
     * ca-certificates) is ignored.
     *
     * @throws IOException when the file cannot be read
     * @throws CertificateException when a block is not a certificate, or there is none
     */
    static TrustAnchors fromPemBundle(Path bundle) throws IOException, CertificateException {
        String text = Files.readString(bundle, StandardCharsets.US_ASCII);
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        Set<TrustAnchor> anchors = new HashSet<>();
        Matcher matcher = PEM_CERTIFICATE.matcher(text);
        while (matcher.find()) {
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(matcher.group(1));
            } catch (IllegalArgumentException e) {
                throw new CertificateException("a certificate block is not valid base64", e);
            }
            anchors.add(new TrustAnchor(
                    (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)), null));
        }
        if (anchors.isEmpty()) {
            throw new CertificateException("it contains no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return new TrustAnchors(bundle.toString(), anchors);
    }

    /** The authorities the JVM trusts by default (its cacerts, or what javax.net.ssl.trustStore names). */
    static TrustAnchors jvmDefault() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        List<TrustAnchor> anchors = new ArrayList<>();
        for (var manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                for (X509Certificate certificate : x509.getAcceptedIssuers()) {
                    anchors.add(new TrustAnchor(certificate, null));
                }
            }
        }
        return new TrustAnchors("the Java runtime's default trust store", new HashSet<>(anchors));
    }
}
