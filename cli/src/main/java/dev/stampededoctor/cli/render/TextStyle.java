package dev.stampededoctor.cli.render;

import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * How text output is drawn: its width in columns, whether it may use Unicode (sparklines, the
 * ellipsis) and whether it is coloured. Markdown, JSON and CSV ignore it.
 *
 * @param width   columns a line should fit in (at least {@link #MIN_WIDTH})
 * @param unicode the locale is UTF-8: block characters and "…"; otherwise ASCII
 * @param color   ANSI colour and bold are on
 */
public record TextStyle(int width, boolean unicode, boolean color) {
    public static final int MIN_WIDTH = 40;
    public static final int DEFAULT_WIDTH = 80;

    /** 80 columns, Unicode, no colour: what tests and the defaults assume. */
    public static final TextStyle PLAIN = new TextStyle(DEFAULT_WIDTH, true, false);

    private static final String RESET = "\033[0m";

    public TextStyle {
        width = Math.max(MIN_WIDTH, width);
    }

    /**
     * The style for this environment.
     *
     * @param env           the process environment ({@code COLUMNS}, {@code LC_ALL}, {@code LC_CTYPE},
     *                      {@code LANG}, {@code NO_COLOR})
     * @param stdoutIsTerminal whether stdout is a terminal
     * @param terminalWidth the terminal's columns (asked only when stdout is a terminal and
     *                      {@code COLUMNS} is unset; 0 or less when unknown)
     * @param mode          {@code --color}
     */
    public static TextStyle detect(Map<String, String> env, boolean stdoutIsTerminal, IntSupplier terminalWidth,
            ColorMode mode) {
        return new TextStyle(width(env, stdoutIsTerminal, terminalWidth), unicode(env),
                color(env, stdoutIsTerminal, mode == null ? ColorMode.auto : mode));
    }

    static int width(Map<String, String> env, boolean stdoutIsTerminal, IntSupplier terminalWidth) {
        String columns = env.get("COLUMNS");
        if (columns != null && columns.strip().matches("[0-9]{1,6}")) {
            return Math.max(MIN_WIDTH, Integer.parseInt(columns.strip()));
        }
        if (stdoutIsTerminal) {
            int w = terminalWidth.getAsInt();
            if (w > 0) {
                return Math.max(MIN_WIDTH, w);
            }
        }
        return DEFAULT_WIDTH;
    }

    /** The first of LC_ALL, LC_CTYPE, LANG that is set and not empty names a UTF-8 charset. */
    static boolean unicode(Map<String, String> env) {
        return dev.stampededoctor.cli.terminal.Terminals.unicodeLocale(env);
    }

    static boolean color(Map<String, String> env, boolean stdoutIsTerminal, ColorMode mode) {
        return switch (mode) {
            case always -> true;
            case never -> false;
            case auto -> {
                String noColor = env.get("NO_COLOR");
                yield stdoutIsTerminal && (noColor == null || noColor.isEmpty());
            }
        };
    }

    /** This style at another width (tests, tables). */
    public TextStyle withWidth(int columns) {
        return new TextStyle(columns, unicode, color);
    }

    /** "…", or "..." in ASCII. */
    public String ellipsis() {
        return unicode ? "…" : "...";
    }

    /** {@code s} cut to {@code columns} with an ellipsis at the end when it is longer. */
    public String ellipsize(String s, int columns) {
        if (WordWrap.columns(s) <= columns) {
            return s;
        }
        String e = ellipsis();
        int keep = Math.max(0, columns - e.length());
        return s.substring(0, s.offsetByCodePoints(0, Math.min(keep, s.codePointCount(0, s.length())))) + e;
    }

    /** Red: an alarm. */
    public String alarm(String s) {
        return sgr("31", s);
    }

    /** Green: healthy. */
    public String healthy(String s) {
        return sgr("32", s);
    }

    /** Bold: a heading. */
    public String heading(String s) {
        return sgr("1", s);
    }

    private String sgr(String code, String s) {
        return color && !s.isEmpty() ? "\033[" + code + "m" + s + RESET : s;
    }
}
