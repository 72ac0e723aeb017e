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
                    Pattern.compile("a (?:channel|rule) named '(.*)' already exists"),
                    "form.error.alerting-name-taken"),
            new Known(Pattern.compile("must be an http or https URL"), "form.error.url-scheme"),
            new Known(Pattern.compile("has no host"), "form.error.url-host"),
            new Known(Pattern.compile("is not a valid URL: (.*)"), "form.error.url"),
            new Known(Pattern.compile("must be at least (\\d+) characters"), "form.error.too-short"),
            new Known(Pattern.compile("not a list of email addresses: (.*)"), "form.error.email-list"),
            new Known(Pattern.compile("email needs a mail server.*"), "form.error.smtp-missing"),
            new Known(Pattern.compile("is not valid CEL: (.*)", Pattern.DOTALL), "form.error.cel"),
            new Known(Pattern.compile("name at least one channel"), "form.error.no-channel"),
            new Known(Pattern.compile("no channel with id .*"), "form.error.unknown-channel"),
            new Known(Pattern.compile("must be immediate, hourly or daily"), "form.error.delivery"),
            new Known(Pattern.compile("explain in at least (\\d+) characters.*"), "form.error.reason"),
            new Known(Pattern.compile("is required; an exception always ends"), "form.error.expiry-required"),
            new Known(Pattern.compile("is not a date"), "form.error.date"),
            new Known(Pattern.compile("must be in the future"), "form.error.future"),
            new Known(Pattern.compile("must be within a year"), "form.error.within-a-year"),
            new Known(Pattern.compile("an exception must be approved by someone other.*"), "form.error.own-exception"),
            new Known(Pattern.compile("only a pending exception can be approved.*"), "form.error.not-pending"),
            new Known(Pattern.compile("the exception has already ended"), "form.error.exception-ended"),
            new Known(Pattern.compile("only a dead letter can be retried.*"), "form.error.not-dead"),
            new Known(
                    Pattern.compile("another token of yours is already called '(.*)'"), "form.error.token-name-taken"),
            new Known(Pattern.compile("'(.*)' is not a scope; use read or write"), "form.error.unknown-scope"),
            new Known(Pattern.compile("must be at most (\\d+) days from now"), "form.error.days-ahead"),
            new Known(Pattern.compile("must be one of the offered lifetimes"), "form.error.lifetime"));

    private FieldErrorMessages() {}

    static Map<String, String> localize(Map<String, String> errors, MessageSource messages, Locale locale) {
        Map<String, String> localized = new LinkedHashMap<>();
        errors.forEach((field, message) -> localized.put(field, localize(message, messages, locale)));
        return localized;
    }

    /**
     * Errors of an action that has no form to mark (approve, retry, enable), as one line for a flash message.
     * Only the messages: the field names mean nothing to the reader there.
     */
    static String joined(Map<String, String> errors, MessageSource messages, Locale locale) {
        return String.join(" ", localize(errors, messages, locale).values());
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
