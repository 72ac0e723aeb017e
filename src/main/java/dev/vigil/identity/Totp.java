package dev.vigil.identity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords as RFC 6238 defines them, with the parameters every authenticator app uses:
 * HMAC-SHA1, 6 digits, a 30-second step, counted from the Unix epoch. Pure functions; the caller supplies the
 * time and remembers the last step it accepted, which is what makes a code single-use.
 */
public final class Totp {

    /** Length of a step in seconds. */
    public static final int STEP_SECONDS = 30;

    /** Digits of a code. */
    public static final int DIGITS = 6;

    /** Steps accepted either side of the current one, for clocks that drift and codes typed slowly. */
    static final int DRIFT_STEPS = 1;

    /** Length of a new secret: 160 bits, the HMAC-SHA1 block size RFC 4226 recommends. */
    static final int SECRET_BYTES = 20;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Totp() {}

    /** The outcome of checking a code. */
    public sealed interface Verification {
        /** The code belongs to {@code step}, which is later than any step accepted before. */
        record Accepted(long step) implements Verification {}

        /** The code is right but its step was already used (or is older than the last one used). */
        record Replayed(long step) implements Verification {}

        /** The code matches no step in the window, or is not a code at all. */
        record Wrong() implements Verification {}
    }

    /** A new random secret, Base32-encoded as authenticator apps expect it. */
    static String newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return Base32.encode(secret);
    }

    /** The step a moment falls in. */
    public static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
    }

    /** The code for a Base32 secret at one step. */
    public static String code(String base32Secret, long step) {
        return code(Base32.decode(base32Secret), step, DIGITS);
    }

    /** RFC 4226 HOTP over the step counter, with dynamic truncation to {@code digits} decimal digits. */
    static String code(byte[] key, long step, int digits) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24)
                    | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8)
                    | (hash[offset + 3] & 0xff);
            int modulus = (int) Math.pow(10, digits);
            String code = Integer.toString(binary % modulus);
            return "0".repeat(digits - code.length()) + code;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is not available", e);
        }
    }

    /**
     * Checks a code typed by a person against the steps from one before to one after {@code currentStep}. A
     * code whose step is not later than {@code lastUsedStep} is a replay, even when it is otherwise right.
     *
     * @param lastUsedStep the last step accepted for this secret, or {@link Long#MIN_VALUE} if none
     */
    public static Verification verify(String base32Secret, String typed, long currentStep, long lastUsedStep) {
        String candidate = typed == null ? "" : typed.replace(" ", "").replace("-", "");
        if (!candidate.matches("[0-9]{" + DIGITS + "}")) {
            return new Verification.Wrong();
        }
        byte[] key = Base32.decode(base32Secret);
        byte[] presented = candidate.getBytes(StandardCharsets.US_ASCII);
        Verification result = new Verification.Wrong();
        // Every step in the window is computed and compared in constant time, so timing says nothing about which
        // step matched; the latest matching step wins.
        for (long step = currentStep - DRIFT_STEPS; step <= currentStep + DRIFT_STEPS; step++) {
            byte[] expected = code(key, step, DIGITS).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, presented)) {
                result = step > lastUsedStep ? new Verification.Accepted(step) : new Verification.Replayed(step);
            }
        }
        return result;
    }
}
