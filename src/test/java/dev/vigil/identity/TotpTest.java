package dev.vigil.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {

    /** The SHA1 seed of RFC 6238 Appendix B: the ASCII digits 1234567890 twice. */
    static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    static final String SECRET = Base32.encode(RFC_SEED);
    static final long NOW = Totp.step(Instant.parse("2026-11-27T12:00:10Z"));

    @ParameterizedTest(name = "T = {0} s")
    @CsvSource({
        "59, 94287082",
        "1111111109, 07081804",
        "1111111111, 14050471",
        "1234567890, 89005924",
        "2000000000, 69279037",
        "20000000000, 65353130",
    })
    void matchesTheSha1TestVectorsOfRfc6238(long unixSeconds, String expected) {
        long step = Totp.step(Instant.ofEpochSecond(unixSeconds));

        assertThat(Totp.code(RFC_SEED, step, 8)).isEqualTo(expected);
        // Six digits are the last six of the same truncated value.
        assertThat(Totp.code(SECRET, step)).isEqualTo(expected.substring(2));
    }

    @Test
    void base32RoundTripsAndAcceptsWhatPeopleType() {
        assertThat(SECRET).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(Base32.decode("gezd gnbv-gy3t qojq gezd gnbv gy3t qojq")).isEqualTo(RFC_SEED);
        String generated = Totp.newSecret();
        assertThat(generated).hasSize(32).matches("[A-Z2-7]+");
        assertThat(Base32.decode(generated)).hasSize(20);
        assertThat(Totp.newSecret()).isNotEqualTo(generated);
    }

    @Test
    void theCurrentCodeIsAccepted() {
        assertThat(Totp.verify(SECRET, Totp.code(SECRET, NOW), NOW, Long.MIN_VALUE))
                .isEqualTo(new Totp.Verification.Accepted(NOW));
        assertThat(Totp.verify(SECRET, spaced(Totp.code(SECRET, NOW)), NOW, Long.MIN_VALUE))
                .isEqualTo(new Totp.Verification.Accepted(NOW));
    }

    @Test
    void aWrongCodeOrSomethingElseIsRefused() {
        String right = Totp.code(SECRET, NOW);
        String wrong = String.format("%06d", (Integer.parseInt(right) + 1) % 1_000_000);

        for (String typed : new String[] {wrong, "", "12345", "1234567", "abcdef", null}) {
            assertThat(Totp.verify(SECRET, typed, NOW, Long.MIN_VALUE))
                    .as(String.valueOf(typed))
                    .isInstanceOf(Totp.Verification.Wrong.class);
        }
    }

    @Test
    void oneStepOfDriftEitherWayIsAcceptedAndTwoAreNot() {
        assertThat(Totp.verify(SECRET, Totp.code(SECRET, NOW - 1), NOW, Long.MIN_VALUE))
                .isEqualTo(new Totp.Verification.Accepted(NOW - 1));
        assertThat(Totp.verify(SECRET, Totp.code(SECRET, NOW + 1), NOW, Long.MIN_VALUE))
                .isEqualTo(new Totp.Verification.Accepted(NOW + 1));
        assertThat(Totp.verify(SECRET, Totp.code(SECRET, NOW - 2), NOW, Long.MIN_VALUE))
                .isInstanceOf(Totp.Verification.Wrong.class);
        assertThat(Totp.verify(SECRET, Totp.code(SECRET, NOW + 2), NOW, Long.MIN_VALUE))
                .isInstanceOf(Totp.Verification.Wrong.class);
    }

    @Test
    void aCodeOfAStepAlreadyUsedOrEarlierIsAReplay() {
        String current = Totp.code(SECRET, NOW);

        assertThat(Totp.verify(SECRET, current, NOW, NOW)).isEqualTo(new Totp.Verification.Replayed(NOW));
        // The code of the previous step is still inside the window, but a later step was used already.
        assertThat(Totp.verify(SECRET, Totp.code(SECRET, NOW - 1), NOW, NOW))
                .isEqualTo(new Totp.Verification.Replayed(NOW - 1));
        // The next step's code is new.
        assertThat(Totp.verify(SECRET, Totp.code(SECRET, NOW + 1), NOW, NOW))
                .isEqualTo(new Totp.Verification.Accepted(NOW + 1));
    }

    private static String spaced(String code) {
        return code.substring(0, 3) + " " + code.substring(3);
    }
}
