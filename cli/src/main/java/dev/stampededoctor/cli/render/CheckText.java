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

    /**
     * Which commands can run, from what failed ({@code server name}, e.g. {@code redis MONITOR}):
     * without MONITOR (or a reachable Redis) scan and watch cannot, and ttl-audit still can with SCAN.
     */
    public static void verdict(PrintWriter out, TextStyle style, boolean ready, java.util.List<String> failed,
            java.util.List<String> otherSources) {
        String cross = style.unicode() ? "✗" : "x";
        String text;
        if (ready) {
            text = "scan can run with full visibility.";
        } else if (failed.contains("redis connection")) {
            text = "Nothing can run against this Redis until it can be reached.";
        } else if (failed.contains("redis MONITOR")) {
            java.util.List<String> ways = new java.util.ArrayList<>();
            if (otherSources.contains("events")) {
                ways.add("--source events (keyspace events)");
            }
            if (otherSources.contains("tcpdump")) {
                ways.add("--source tcpdump (packets, on this host)");
            }
            text = (ways.isEmpty() ? "scan and watch cannot run: MONITOR is refused (the ACL needs +monitor, or the"
                    + " service forbids it). "
                    : "scan and watch cannot read MONITOR (refused: the ACL needs +monitor, or the service forbids it),"
                    + " but can with " + String.join(" or ", ways) + ". ")
                    + (failed.contains("redis SCAN") ? "ttl-audit cannot run (SCAN is refused)."
                    : "ttl-audit can (it needs SCAN and PTTL only), and analyze reads a capture recorded elsewhere.");
        } else if (failed.contains("postgres connection")) {
            text = "scan can run, Redis-only: PostgreSQL cannot be reached.";
        } else {
            text = "scan can run, but what is marked " + cross + " limits what it sees.";
        }
        WordWrap.println(out, style, text, 2, ready ? style::healthy : null);
    }
}
