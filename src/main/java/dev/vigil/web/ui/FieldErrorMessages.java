package dev.vigil.web.ui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.MessageSource;

/**
 * Puts the facades' field errors (English sentences such as "is required") into the reader's language. The
 * facades give no message codes, so known sentences are recognised by shape; anything else is shown as the facade
 * wrote it rather than hidden.
 */
final class FieldErrorMessages {

    private record Known(Pattern pattern, String code) {}

    private static final List<Known> KNOWN = List.of(
            new Known(Pattern.compile("is required"), "form.error.required"),
            new Known(Pattern.compile("must be at most (\\d+) characters"), "form.error.too-long"),
            new Known(Pattern.compile("another integration is already called '(.*)'"), "form.error.name-taken"),
            new Known(Pattern.compile("must be between (\\d+) and (\\d+) minutes"), "form.error.interval"),
            new Known(Pattern.compile("must be a whole number.*"), "form.error.whole-number"),
            new Known(Pattern.compile("must be true or false"), "form.error.boolean"),
            new Known(Pattern.compile("the integration is disabled.*"), "form.error.disabled"),
            new Known(
                    Pattern.compile("another token of yours is already called '(.*)'"), "form.error.token-name-taken"),
            new Known(Pattern.compile("'(.*)' is not a scope; use read or write"), "form.error.unknown-scope"),
            new Known(Pattern.compile("must be in the future"), "form.error.future"),
            new Known(Pattern.compile("must be at most (\\d+) days from now"), "form.error.days-ahead"),
            new Known(Pattern.compile("must be one of the offered lifetimes"), "form.error.lifetime"));

    private FieldErrorMessages() {}

    static Map<String, String> localize(Map<String, String> errors, MessageSource messages, Locale locale) {
        Map<String, String> localized = new LinkedHashMap<>();
        errors.forEach((field, message) -> localized.put(field, localize(message, messages, locale)));
        return localized;
    }

    static String localize(String message, MessageSource messages, Locale locale) {
        if (message == null) {
            return "";
        }
        for (Known known : KNOWN) {
            Matcher matcher = known.pattern().matcher(message.strip());
            if (matcher.matches()) {
                Object[] args = new Object[matcher.groupCount()];
                for (int i = 0; i < args.length; i++) {
                    args[i] = matcher.group(i + 1);
                }
                return messages.getMessage(known.code(), args, message, locale);
            }
        }
        return message;
    }
}
