package dev.vigil.connector.tlsendpoint;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Describes the certificate chain a server presented: the leaf's key, signature and validity, and whether the
 * chain leads to a trusted authority (PKIX, RFC 5280), with the reason when it does not. An untrusted, expired or
 * self-signed certificate is an observation, never an error: checks turn it into a failing result.
 */
final class CertificateInspector {

    private final TrustAnchors trustAnchors;
    private final Instant now;

    CertificateInspector(TrustAnchors trustAnchors, Instant now) {
        this.trustAnchors = trustAnchors;
        this.now = now;
    }

    /** The {@code certificate} attribute: the leaf certificate. */
    Map<String, Object> leaf(X509Certificate leaf) {
        Map<String, Object> certificate = new LinkedHashMap<>();
        certificate.put("subject", leaf.getSubjectX500Principal().getName());
        certificate.put("issuer", leaf.getIssuerX500Principal().getName());
        certificate.put("serialNumber", leaf.getSerialNumber().toString(16));
        certificate.put("notBefore", leaf.getNotBefore().toInstant().toString());
        certificate.put("notAfter", leaf.getNotAfter().toInstant().toString());
        // Whole days left, rounded down; negative once expired. Changes once a day, not on every run.
        certificate.put(
                "daysUntilExpiry",
                Math.floorDiv(
                        Duration.between(now, leaf.getNotAfter().toInstant()).getSeconds(), 86_400L));
        certificate.put("expired", now.isAfter(leaf.getNotAfter().toInstant()));
        certificate.put("notYetValid", now.isBefore(leaf.getNotBefore().toInstant()));
        PublicKey key = leaf.getPublicKey();
        certificate.put("keyType", keyType(key));
        certificate.put("keySize", keySize(key));
        certificate.put("signatureAlgorithm", leaf.getSigAlgName());
        certificate.put("selfSigned", selfSigned(leaf));
        certificate.put("sha256Fingerprint", fingerprint(leaf));
        return certificate;
    }

    /** The {@code chain} attribute: every presented certificate and the trust verdict. */
    Map<String, Object> chain(List<X509Certificate> presented) {
        Map<String, Object> chain = new LinkedHashMap<>();
        List<Map<String, Object>> certificates = new ArrayList<>();
        for (int i = 0; i < presented.size(); i++) {
            X509Certificate certificate = presented.get(i);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("subject", certificate.getSubjectX500Principal().getName());
            entry.put("issuer", certificate.getIssuerX500Principal().getName());
            entry.put("role", i == 0 ? "leaf" : selfSigned(certificate) ? "root" : "intermediate");
            entry.put("notAfter", certificate.getNotAfter().toInstant().toString());
            entry.put("keyType", keyType(certificate.getPublicKey()));
            entry.put("keySize", keySize(certificate.getPublicKey()));
            entry.put("signatureAlgorithm", certificate.getSigAlgName());
            certificates.add(entry);
        }
        String problem = trustProblem(presented);
        chain.put("trusted", problem == null);
        chain.put("reason", problem == null ? "leads to a trusted authority in " + trustAnchors.source() : problem);
        chain.put("trustStore", trustAnchors.source());
        chain.put("length", (long) presented.size());
        chain.put("certificates", certificates);
        return chain;
    }

    /** Why the chain is not trusted, or null when it is. */
    private String trustProblem(List<X509Certificate> presented) {
        X509Certificate leaf = presented.get(0);
        for (X509Certificate certificate : presented) {
            String who = certificate == leaf ? "the certificate" : "the chain certificate " + name(certificate);
            if (now.isAfter(certificate.getNotAfter().toInstant())) {
                return who + " expired on " + certificate.getNotAfter().toInstant();
            }
            if (now.isBefore(certificate.getNotBefore().toInstant())) {
                return who + " is not valid before "
                        + certificate.getNotBefore().toInstant();
            }
        }
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(trustAnchors.anchors(), target);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(presented)));
            CertPathBuilder.getInstance("PKIX").build(parameters);
            return null;
        } catch (CertPathBuilderException e) {
            return explainUntrusted(presented, e);
        } catch (InvalidAlgorithmParameterException e) {
            return "no trust anchors in " + trustAnchors.source();
        } catch (GeneralSecurityException e) {
            return "the chain could not be checked: " + e.getMessage();
        }
    }

    /** The builder only says "no path"; name the likely cause a person can act on. */
    private String explainUntrusted(List<X509Certificate> presented, CertPathBuilderException failure) {
        X509Certificate leaf = presented.get(0);
        if (selfSigned(leaf)) {
            return "self-signed certificate (" + name(leaf) + "), not issued by an authority in "
                    + trustAnchors.source();
        }
        boolean issuerKnown = false;
        for (TrustAnchor anchor : trustAnchors.anchors()) {
            for (X509Certificate certificate : presented) {
                if (anchor.getTrustedCert().getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                    issuerKnown = true;
                }
            }
        }
        if (!issuerKnown) {
            X509Certificate last = presented.get(presented.size() - 1);
            return "issued by " + last.getIssuerX500Principal().getName() + ", which is not an authority in "
                    + trustAnchors.source()
                    + (presented.size() == 1 ? " (or the server does not send its intermediate certificates)" : "");
        }
        // The issuer is known but the path does not validate: ask the validator for the precise reason.
        try {
            PKIXParameters parameters = new PKIXParameters(trustAnchors.anchors());
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            CertPathValidator.getInstance("PKIX")
                    .validate(factory.generateCertPath(withoutRoots(presented)), parameters);
        } catch (CertPathValidatorException e) {
            return "the chain does not validate: " + e.getMessage()
                    + (e.getReason() != null ? " (" + e.getReason() + ")" : "");
        } catch (GeneralSecurityException e) {
            return "the chain does not validate: " + e.getMessage();
        }
        return "no valid path to a trusted authority: " + failure.getMessage();
    }

    private static List<X509Certificate> withoutRoots(List<X509Certificate> presented) {
        List<X509Certificate> path = new ArrayList<>();
        for (int i = 0; i < presented.size(); i++) {
            if (i == 0 || !selfSigned(presented.get(i))) {
                path.add(presented.get(i));
            }
        }
        return path;
    }

    static String keyType(PublicKey key) {
        if (key instanceof RSAPublicKey) {
            return "RSA";
        }
        if (key instanceof ECPublicKey) {
            return "EC";
        }
        if (key instanceof EdECPublicKey edec) {
            return edec.getParams().getName();
        }
        if (key instanceof DSAPublicKey) {
            return "DSA";
        }
        return key.getAlgorithm();
    }

    /** Bits of the key: the modulus for RSA and DSA, the curve order for EC, the curve size for EdDSA. */
    static Long keySize(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return (long) rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return (long) ec.getParams().getOrder().bitLength();
        }
        if (key instanceof EdECPublicKey edec) {
            return "Ed448".equals(edec.getParams().getName()) ? 448L : 255L;
        }
        if (key instanceof DSAPublicKey dsa && dsa.getParams() != null) {
            return (long) dsa.getParams().getP().bitLength();
        }
        return null;
    }

    static boolean selfSigned(X509Certificate certificate) {
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String name(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }

    private static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.ofDelimiter(":")
                    .withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    /** The chain as PEM, kept as raw evidence. */
    static String pem(List<X509Certificate> chain) {
        StringBuilder pem = new StringBuilder();
        Base64.Encoder encoder = Base64.getMimeEncoder(64, new byte[] {'\n'});
        for (X509Certificate certificate : chain) {
            try {
                pem.append("# ").append(name(certificate)).append('\n');
                pem.append("-----BEGIN CERTIFICATE-----\n")
                        .append(encoder.encodeToString(certificate.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (CertificateEncodingException e) {
                pem.append("# (not encodable: ").append(e.getMessage()).append(")\n");
            }
        }
        return pem.toString();
    }
}
