package dev.vigil.platform;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256, as Vigil signs outgoing webhooks and checks incoming events. */
public final class Hmac {

    private Hmac() {}

    public static byte[] sha256(byte[] key, byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Lower-case hex of HMAC-SHA256 over the UTF-8 bytes of {@code content}. */
    public static String sha256Hex(String secret, String content) {
        return HexFormat.of()
                .formatHex(sha256(secret.getBytes(StandardCharsets.UTF_8), content.getBytes(StandardCharsets.UTF_8)));
    }
}
