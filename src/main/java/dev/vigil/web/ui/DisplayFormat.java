package dev.vigil.web.ui;

import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.TimeZone;
import org.springframework.context.MessageSource;

/**
 * Formats instants, durations and numbers for one reader: their locale and time zone. Templates reach it as
 * {@code ${fmt}}. Every method accepts {@code null} and returns an empty string for it, so optional values need
 * no guard in the template.
 */
public final class DisplayFormat {

    private final Locale locale;
    private final ZoneId zone;
    private final MessageSource messages;
    private final Instant now;
    private final DateTimeFormatter dateTime;

    DisplayFormat(Locale locale, ZoneId zone, MessageSource messages, Instant now) {
        this.locale = locale;
        this.zone = zone;
        this.messages = messages;
        this.now = now;
        this.dateTime = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
                .withLocale(locale)
                .withZone(zone);
    }

    /** The zone as readers know it: "UTC", "Europe/Lisbon" shown as its short name (WET / WEST). */
    public String zoneName(Instant at) {
        if (zone.normalized().equals(ZoneId.of("UTC").normalized())) {
            return "UTC";
        }
        boolean daylight = zone.getRules().isDaylightSavings(at == null ? now : at);
        return TimeZone.getTimeZone(zone).getDisplayName(daylight, TimeZone.SHORT, locale);
    }

    /** Date and time with the zone, for example "Nov 10, 2026, 2:03:22 PM UTC". */
    public String dateTime(Instant instant) {
        return instant == null ? "" : dateTime.format(instant) + " " + zoneName(instant);
    }

    /** A calendar date in the reader's locale, for example "Nov 10, 2026". */
    public String date(java.time.LocalDate date) {
        return date == null
                ? ""
                : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
                        .withLocale(locale)
                        .format(date);
    }

    /** ISO-8601 in UTC, for {@code <time datetime>}. */
    public String iso(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    /** "5 minutes ago", "in 3 minutes", "just now". */
    public String relative(Instant instant) {
        if (instant == null) {
            return "";
        }
        Duration delta = Duration.between(instant, now);
        boolean future = delta.isNegative();
        long seconds = Math.abs(delta.getSeconds());
        if (seconds < 45) {
            return message(future ? "time.in-a-moment" : "time.just-now");
        }
        String amount = amount(seconds);
        return message(future ? "time.in" : "time.ago", amount);
    }

    /** How long ago, without "ago": "5 minutes", "less than a minute"; for sentences like "failing for …". */
    public String age(Instant instant) {
        if (instant == null) {
            return "";
        }
        long seconds = Math.abs(Duration.between(instant, now).getSeconds());
        return seconds < 45 ? message("time.less-than-a-minute") : amount(seconds);
    }

    private String amount(long seconds) {
        if (seconds < 3600) {
            return message("time.minutes", Math.max(1, Math.round(seconds / 60.0)));
        }
        if (seconds < 86_400) {
            return message("time.hours", Math.round(seconds / 3600.0));
        }
        return message("time.days", Math.round(seconds / 86_400.0));
    }

    /** "850 ms", "12 s", "3 min 4 s", "2 h 5 min". */
    public String duration(Duration duration) {
        if (duration == null) {
            return "";
        }
        long millis = duration.toMillis();
        if (millis < 1000) {
            return message("duration.milliseconds", millis);
        }
        if (millis < 60_000) {
            NumberFormat number = NumberFormat.getNumberInstance(locale);
            number.setMaximumFractionDigits(millis < 10_000 ? 1 : 0);
            return message("duration.seconds", number.format(millis / 1000.0));
        }
        long seconds = duration.getSeconds();
        if (seconds < 3600) {
            return message("duration.minutes-seconds", seconds / 60, seconds % 60);
        }
        return message("duration.hours-minutes", seconds / 3600, (seconds % 3600) / 60);
    }

    /** A duration given in milliseconds, as {@link #duration} writes it. */
    public String millis(long millis) {
        return duration(Duration.ofMillis(millis));
    }

    /** A share from 0 to 1 as a whole percentage: "67%" (en), "67%" or "67 %" as the locale writes it. */
    public String percent(double share) {
        NumberFormat percent = NumberFormat.getPercentInstance(locale);
        percent.setMaximumFractionDigits(0);
        return percent.format(share);
    }

    public String number(Number value) {
        return value == null ? "" : NumberFormat.getIntegerInstance(locale).format(value);
    }

    /** The start of a long hash for tables; the full value is shown where it matters. */
    public String shortHash(String hash) {
        return hash == null ? "" : hash.length() <= 12 ? hash : hash.substring(0, 12) + "…";
    }

    private String message(String code, Object... args) {
        return messages.getMessage(code, args, locale);
    }
}
