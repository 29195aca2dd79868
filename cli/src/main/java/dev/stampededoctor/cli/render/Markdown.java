package dev.stampededoctor.cli.render;

/**
 * Markdown escaping for text that comes from the capture (keys, patterns, lines): a key may hold
 * any byte, and what it holds must show as written, never as emphasis, a link, HTML or a broken
 * table.
 */
final class Markdown {
    /** What starts emphasis, code, links, HTML, entities or strikethrough mid-line. */
    private static final String PUNCTUATION = "\\`*_[]<>~&";

    private Markdown() {
    }

    /** Prose with the characters that would format it mid-line backslash-escaped. */
    static String text(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (PUNCTUATION.indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /** An inline code span that holds {@code s} as is, whatever backticks it contains. */
    static String code(String s) {
        String fence = "`".repeat(longestBacktickRun(s) + 1);
        boolean pad = s.startsWith("`") || s.endsWith("`") || (s.startsWith(" ") && s.endsWith(" ") && !s.isBlank());
        return pad ? fence + " " + s + " " + fence : fence + s + fence;
    }

    /** A code span inside a table cell, where GFM takes {@code \|} as a pipe even within code. */
    static String cellCode(String s) {
        return code(s).replace("|", "\\|");
    }

    /** A code-block fence longer than any backtick run in {@code body}, and at least three. */
    static String fence(String body) {
        return "`".repeat(Math.max(3, longestBacktickRun(body) + 1));
    }

    private static int longestBacktickRun(String s) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            run = s.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}
