package dev.stampededoctor.cli.render;

import java.io.PrintWriter;
import java.util.Locale;

/** The lines of {@code check}: a mark, the server, the check and its detail wrapped under the detail. */
public final class CheckText {
    /** {@code "✓ redis    monitor                "}: where the detail starts. */
    private static final int DETAIL_INDENT = 34;

    private CheckText() {
    }

    /** ✓ (green) passed, ✗ (red) failed, · not applicable; {@code + x -} in ASCII. */
    static String mark(Boolean ok, TextStyle style) {
        if (ok == null) {
            return style.unicode() ? "·" : "-";
        }
        return ok ? style.healthy(style.unicode() ? "✓" : "+") : style.alarm(style.unicode() ? "✗" : "x");
    }

    public static void println(PrintWriter out, TextStyle style, Boolean ok, String server, String name, String detail) {
        String plain = String.format(Locale.ROOT, "%s %-8s %-22s %s", mark(ok, new TextStyle(style.width(), style.unicode(), false)),
                server, name, detail);
        String painted = mark(ok, style);
        WordWrap.println(out, style, plain, DETAIL_INDENT, l -> l.startsWith(" ") ? l : painted + l.substring(1));
    }

    public static void verdict(PrintWriter out, TextStyle style, boolean ready) {
        WordWrap.println(out, style, ready ? "scan can run with full visibility."
                : "scan can run, but what is marked " + (style.unicode() ? "✗" : "x") + " limits what it sees.", 2,
                ready ? style::healthy : null);
    }
}
