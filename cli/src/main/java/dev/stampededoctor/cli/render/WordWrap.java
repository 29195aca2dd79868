package dev.stampededoctor.cli.render;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Wraps text to a width at spaces only. A token without spaces (a key, an ip:port, a URL, a
 * quoted fragment of a MONITOR line) is never split: one longer than the line stands alone on
 * its line and overflows. A no-break space ({@link #GLUE}) holds two tokens together and is
 * written as a space. Runs of spaces inside a line are kept; at a break they are dropped.
 */
public final class WordWrap {
    /** Joins words that must stay on one line (a sparkline and its scale); written as ' '. */
    public static final char GLUE = '\u00A0';

    private WordWrap() {
    }

    /** Columns {@code s} takes: one per code point (the output uses no wide characters). */
    public static int columns(CharSequence s) {
        return Character.codePointCount(s, 0, s.length());
    }

    /**
     * {@code text} in lines of at most {@code width} columns: the first starts with
     * {@code firstPrefix}, the rest with {@code indent} (prefixes are never broken).
     */
    public static List<String> wrap(String firstPrefix, String indent, String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(firstPrefix);
        int lineColumns = columns(firstPrefix);
        boolean lineHasWord = false;
        String pendingSpaces = "";
        int i = 0;
        int n = text.length();
        while (i < n) {
            int start = i;
            while (i < n && text.charAt(i) == ' ') {
                i++;
            }
            String spaces = text.substring(start, i);
            if (i >= n) {
                break; // trailing spaces are dropped
            }
            int wordStart = i;
            while (i < n && text.charAt(i) != ' ') {
                i++;
            }
            String word = text.substring(wordStart, i).replace(GLUE, ' ');
            int wordColumns = columns(word);
            pendingSpaces = lineHasWord ? spaces : (lines.isEmpty() ? spaces : "");
            if (lineHasWord && lineColumns + columns(pendingSpaces) + wordColumns > width) {
                lines.add(line.toString());
                line = new StringBuilder(indent);
                lineColumns = columns(indent);
                pendingSpaces = "";
            }
            line.append(pendingSpaces).append(word);
            lineColumns += columns(pendingSpaces) + wordColumns;
            lineHasWord = true;
        }
        lines.add(line.toString());
        return lines;
    }

    /** {@link #wrap} with a hanging indent of {@code indent} spaces, as one string of lines. */
    public static String wrap(String text, int indent, int width) {
        return String.join("\n", wrap("", " ".repeat(indent), text, width));
    }

    /**
     * Prints {@code line} wrapped to the style's width, continuation lines indented by
     * {@code indent} columns; each line coloured by {@code paint} when colour is on.
     */
    static void println(PrintWriter out, TextStyle style, String line, int indent, java.util.function.UnaryOperator<String> paint) {
        String prefix = line.substring(0, Math.min(indent, line.length()));
        String rest = line.substring(prefix.length());
        // The prefix (label and its padding) is never broken; when the label is longer than the
        // indent, the prefix ends at the first space after it.
        if (!prefix.isEmpty() && !prefix.endsWith(" ") && !rest.isEmpty() && rest.charAt(0) != ' ') {
            int space = rest.indexOf(' ');
            prefix = space < 0 ? line : line.substring(0, prefix.length() + space);
            rest = space < 0 ? "" : rest.substring(space);
        }
        for (String l : wrap(prefix, " ".repeat(indent), rest, style.width())) {
            out.println(paint == null ? l : paint.apply(l));
        }
    }

    /** Prints {@code line} wrapped to the style's width, continuation lines indented by {@code indent} columns. */
    public static void println(PrintWriter out, TextStyle style, String line, int indent) {
        println(out, style, line, indent, null);
    }
}
