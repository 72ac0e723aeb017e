package dev.vigil.connector.tlsendpoint;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for tests: issues server certificates with any name, validity, key and
 * signature algorithm, and writes them as PEM files (for nginx and for the connector's trustStore setting).
 */
public final class IssuingCa {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** One key pair and its chain, leaf first. */
    public record Identity(PrivateKey key, List<X509Certificate> chain) {

        public X509Certificate certificate() {
            return chain.get(0);
        }

        /** A PKCS#12 key store holding this identity, for JSSE servers. */
        KeyStore keyStore() throws GeneralSecurityException, IOException {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, PASSWORD, chain.toArray(new X509Certificate[0]));
            return store;
        }

        public void writeTo(Path certificateFile, Path keyFile) throws IOException {
            Files.writeString(certificateFile, pem(chain.toArray()));
            Files.writeString(keyFile, pem(key));
        }
    }

    static final char[] PASSWORD = "changeit".toCharArray();

    private final KeyPair caKeys;
    private final X509Certificate caCertificate;

    public IssuingCa(String caName) {
        try {
            caKeys = rsa(2048);
            Instant now = Instant.now();
            caCertificate = sign(
                    new JcaX509v3CertificateBuilder(
                                    new X500Name("CN=" + caName),
                                    serial(),
                                    Date.from(now.minus(Duration.ofDays(1))),
                                    Date.from(now.plus(Duration.ofDays(3650))),
                                    new X500Name("CN=" + caName),
                                    caKeys.getPublic())
                            .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                            .addExtension(
                                    Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)),
                    caKeys.getPrivate(),
                    "SHA256withRSA");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** Writes the CA certificate as a PEM bundle, the way an integration's trustStore setting names it. */
    public Path writeBundle(Path file) throws IOException {
        Files.writeString(file, "# Test CA of the tls-endpoint tests\n" + pem(caCertificate) + "\n");
        return file;
    }

    /** Settings for one server certificate; start from {@link #server(String...)}. */
    public static final class Request {
        final List<String> dnsNames = new ArrayList<>();
        Instant notBefore = Instant.now().minus(Duration.ofDays(1));
        Instant notAfter = Instant.now().plus(Duration.ofDays(90));
        String keyAlgorithm = "RSA";
        int keySize = 2048;
        String signatureAlgorithm = "SHA256withRSA";
        boolean selfSigned;

        public Request validFor(Duration validity) {
            notAfter = Instant.now().plus(validity);
            return this;
        }

        public Request expiredSince(Duration ago) {
            notBefore = Instant.now().minus(Duration.ofDays(400));
            notAfter = Instant.now().minus(ago);
            return this;
        }

        public Request rsa(int bits) {
            keyAlgorithm = "RSA";
            keySize = bits;
            return this;
        }

        public Request ec() {
            keyAlgorithm = "EC";
            keySize = 256;
            return this;
        }

        public Request signedWith(String algorithm) {
            signatureAlgorithm = algorithm;
            return this;
        }

        public Request selfSigned() {
            selfSigned = true;
            return this;
        }
    }

    public static Request server(String... dnsNames) {
        Request request = new Request();
        request.dnsNames.addAll(List.of(dnsNames));
        return request;
    }

    public Identity issue(Request request) {
        try {
            KeyPair keys = request.keyAlgorithm.equals("EC") ? ec() : rsa(request.keySize);
            X500Name subject = new X500Name("CN=" + request.dnsNames.get(0));
            X500Name issuer = request.selfSigned
                    ? subject
                    : new X500Name(caCertificate.getSubjectX500Principal().getName());
            GeneralName[] names = request.dnsNames.stream()
                    .map(name -> new GeneralName(
                            name.matches("[0-9.]+") ? GeneralName.iPAddress : GeneralName.dNSName, name))
                    .toArray(GeneralName[]::new);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            issuer,
                            serial(),
                            Date.from(request.notBefore),
                            Date.from(request.notAfter),
                            subject,
                            keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            PrivateKey signer = request.selfSigned ? keys.getPrivate() : caKeys.getPrivate();
            String algorithm = request.selfSigned && request.keyAlgorithm.equals("EC")
                    ? "SHA256withECDSA"
                    : request.signatureAlgorithm;
            X509Certificate certificate = sign(builder, signer, algorithm);
            List<X509Certificate> chain =
                    request.selfSigned ? List.of(certificate) : List.of(certificate, caCertificate);
            return new Identity(keys.getPrivate(), chain);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key, String algorithm)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair rsa(int bits) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits, RANDOM);
        return generator.generateKeyPair();
    }

    private static KeyPair ec() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).add(BigInteger.ONE);
    }

    static String pem(Object... objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
