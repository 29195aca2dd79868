package dev.stampededoctor.cli.manpage;

import java.util.Locale;

/**
 * Escaping for man(7) source. Every hyphen becomes {@code \-} so that options copied from a
 * rendered page are ASCII minus signs, not typographic hyphens; anything outside ASCII is
 * written as a {@code \[uXXXX]} escape, so the page renders the same under any locale.
 */
final class Troff {

    private Troff() {
    }

    /** Text for a line of its own: escaped, and protected when it would read as a request. */
    static String line(String text) {
        String s = escape(text);
        return s.startsWith(".") || s.startsWith("'") ? "\\&" + s : s;
    }

    /** Text inside a line: backslashes, hyphens and non-ASCII characters escaped. */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            if (c == '\\') {
                b.append("\\e");
            } else if (c == '-') {
                b.append("\\-");
            } else if (c > 126) {
                b.append(String.format(Locale.ROOT, "\\[u%04X]", c));
            } else if (c < 32) {
                b.append(' ');
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    static String bold(String text) {
        return "\\fB" + escape(text) + "\\fR";
    }

    static String italic(String text) {
        return "\\fI" + escape(text) + "\\fR";
    }

    /** A macro argument in double quotes; a quote inside one is written {@code \(dq}. */
    static String quoted(String text) {
        return "\"" + escape(text).replace("\"", "\\(dq") + "\"";
    }
}
