package dev.vigil.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

/** Times, durations and numbers in the reader's language and zone, always naming the zone. */
class DisplayFormatTest {

    static final Instant NOW = Instant.parse("2026-01-15T14:03:22Z");
    static final Locale PORTUGUESE = Locale.forLanguageTag("pt");

    private final ResourceBundleMessageSource messages = new ResourceBundleMessageSource();

    DisplayFormatTest() {
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
    }

    DisplayFormat format(Locale locale, ZoneId zone) {
        return new DisplayFormat(locale, zone, messages, NOW);
    }

    @Test
    void dateTimesShowTheZone() {
        assertThat(format(Locale.ENGLISH, ZoneOffset.UTC).dateTime(NOW))
                .startsWith("Jan 15, 2026")
                .endsWith(" UTC");
        assertThat(format(Locale.ENGLISH, ZoneId.of("Asia/Tokyo")).dateTime(NOW))
                .contains("11:03:22")
                .endsWith(" JST");
        assertThat(format(PORTUGUESE, ZoneId.of("Europe/Lisbon")).dateTime(NOW))
                .startsWith("15 de jan. de 2026")
                .contains("14:03:22");
        assertThat(format(Locale.ENGLISH, ZoneOffset.UTC).dateTime(null)).isEmpty();
    }

    @Test
    void relativeTimesReadNaturallyInBothLanguages() {
        DisplayFormat english = format(Locale.ENGLISH, ZoneOffset.UTC);
        DisplayFormat portuguese = format(PORTUGUESE, ZoneOffset.UTC);

        assertThat(english.relative(NOW.minusSeconds(10))).isEqualTo("just now");
        assertThat(english.relative(NOW.minusSeconds(60))).isEqualTo("1 minute ago");
        assertThat(english.relative(NOW.minus(Duration.ofMinutes(5)))).isEqualTo("5 minutes ago");
        assertThat(english.relative(NOW.plus(Duration.ofHours(3)))).isEqualTo("in 3 hours");
        assertThat(english.relative(NOW.minus(Duration.ofDays(2)))).isEqualTo("2 days ago");
        assertThat(english.age(NOW.minus(Duration.ofMinutes(7)))).isEqualTo("7 minutes");
        assertThat(portuguese.relative(NOW.minus(Duration.ofMinutes(5)))).isEqualTo("há 5 minutos");
        assertThat(portuguese.relative(NOW.plus(Duration.ofMinutes(1)))).isEqualTo("dentro de 1 minuto");
        assertThat(portuguese.age(NOW.minusSeconds(5))).isEqualTo("menos de um minuto");
    }

    @Test
    void durationsAndNumbersFollowTheLocale() {
        DisplayFormat english = format(Locale.ENGLISH, ZoneOffset.UTC);
        DisplayFormat portuguese = format(PORTUGUESE, ZoneOffset.UTC);

        assertThat(english.duration(Duration.ofMillis(311))).isEqualTo("311 ms");
        assertThat(english.duration(Duration.ofMillis(1500))).isEqualTo("1.5 s");
        assertThat(portuguese.duration(Duration.ofMillis(1500))).isEqualTo("1,5 s");
        assertThat(english.duration(Duration.ofSeconds(184))).isEqualTo("3 min 4 s");
        assertThat(english.duration(Duration.ofMinutes(125))).isEqualTo("2 h 5 min");
        assertThat(english.number(12345)).isEqualTo("12,345");
        assertThat(portuguese.number(12345)).isEqualTo("12.345");
        assertThat(english.percent(0.667)).isEqualTo("67%");
        assertThat(portuguese.percent(0.05)).matches("5\\s?%");
    }
}
