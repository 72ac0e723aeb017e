package dev.vigil.oscal;

import gov.nist.secauto.metaschema.core.datatype.markup.MarkupLine;
import gov.nist.secauto.metaschema.core.datatype.markup.MarkupMultiline;

/**
 * OSCAL's titles and prose are Markdown. Our content is plain text, so characters Markdown would read as syntax
 * are escaped: a title with an asterisk stays a title with an asterisk.
 */
final class Markup {

    private Markup() {}

    static MarkupLine line(String plainText) {
        return MarkupLine.fromMarkdown(escape(collapse(plainText)));
    }

    static MarkupMultiline prose(String plainText) {
        return MarkupMultiline.fromMarkdown(escape(plainText.strip()));
    }

    /** Prose already written as Markdown by this module (with its own text escaped by {@link #escape}). */
    static MarkupMultiline markdown(String markdown) {
        return MarkupMultiline.fromMarkdown(markdown);
    }

    static String escape(String plainText) {
        StringBuilder escaped = new StringBuilder(plainText.length());
        for (int i = 0; i < plainText.length(); i++) {
            char c = plainText.charAt(i);
            if ("\\`*_[]<>#|~".indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    private static String collapse(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }
}
