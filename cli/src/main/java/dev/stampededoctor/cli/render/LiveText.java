package dev.stampededoctor.cli.render;

import static dev.stampededoctor.cli.render.Numbers.count;

import dev.stampededoctor.detectors.report.LiveSummary;
import java.io.PrintWriter;
import java.util.Locale;

/** The live section of a {@code scan} report, for the text and markdown renderers. */
final class LiveText {
    private LiveText() {
    }

    /** The PostgreSQL summary, not wrapped (Markdown); {@code indent} starts every line after the first. */
    static void print(dev.stampededoctor.detectors.db.DatabaseSummary db, PrintWriter out, String first, String indent) {
        print(db, out, first, indent, null);
    }

    /** Lines of plain text, not wrapped (Markdown); {@code indent} starts every line after the first. */
    static void print(LiveSummary live, PrintWriter out, String first, String indent) {
        print(live, out, first, indent, null);
    }

    /** One line, wrapped under {@code indent} to the style's width (not wrapped without a style). */
    private static void printf(PrintWriter out, TextStyle style, String indent, String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        if (style == null) {
            out.println(line);
        } else {
            WordWrap.println(out, style, line, indent.length());
        }
    }

    /** The PostgreSQL summary; {@code indent} starts every line after the first; wrapped to {@code style}. */
    static void print(dev.stampededoctor.detectors.db.DatabaseSummary db, PrintWriter out, String first, String indent,
            TextStyle style) {
        printf(out, style, indent, "%s%s: %s samples of pg_stat_activity, every %.0f ms", first, db.source(),
                count(db.samples()), db.intervalMs());
        for (dev.stampededoctor.detectors.db.DbBurst b : db.bursts()) {
            printf(out, style, indent, "%sburst with no cache trigger: %d concurrent for %.1f s: %s", indent,
                    b.peakConcurrent(), b.to() - b.from(), b.query());
        }
        for (String note : db.notes()) {
            printf(out, style, indent, "%snote: %s", indent, note);
        }
    }

    /** Lines of plain text; {@code indent} starts every line after the first; wrapped to {@code style}. */
    static void print(LiveSummary live, PrintWriter out, String first, String indent, TextStyle style) {
        printf(out, style, indent, "%s%s (%s %s), %s of MONITOR (%s KB), stopped by %s%s", first, live.redis(),
                live.role(), live.version(), Numbers.seconds(live.durationMs() / 1000.0), count(live.monitorBytes() / 1024),
                live.stoppedBy(), live.complete() ? "" : ": partial");
        LiveSummary.InfoDelta d = live.info();
        printf(out, style, indent, "%shit ratio %s (%s hits, %s misses), %s expired, %s evicted, peak MONITOR buffer %s bytes",
                indent, d.hitRatio() == null ? "n/a" : String.format(Locale.ROOT, "%.3f", d.hitRatio()),
                count(d.keyspaceHits()), count(d.keyspaceMisses()), count(d.expiredKeys()), count(d.evictedKeys()),
                count(live.peakClientOutputBytes()));
        if (!live.timeline().isEmpty()) {
            int[] ops = new int[live.timeline().size()];
            int[] hit = new int[ops.length];
            for (int i = 0; i < ops.length; i++) {
                LiveSummary.InfoSample s = live.timeline().get(i);
                ops[i] = (int) Math.min(Integer.MAX_VALUE, s.opsPerSecond());
                hit[i] = s.hitRatio() == null ? 0 : (int) Math.round(1000 * s.hitRatio());
            }
            if (style == null) {
                out.printf(Locale.ROOT, "%sops/s     %s%n", indent, Sparkline.of(ops));
                out.printf(Locale.ROOT, "%shit ratio %s (per second)%n", indent, Sparkline.of(hit));
            } else {
                printf(out, style, indent + "          ", "%sops/s     %s", indent, Sparkline.labelled(ops, "/s", style));
                printf(out, style, indent + "          ", "%shit ratio %s (per second, 0 to 1)", indent,
                        Sparkline.of(hit, 1000, style));
            }
        }
        if (live.lookAhead() != null) {
            for (LiveSummary.LookAhead a : live.lookAhead()) {
                if (a.warning() != null) {
                    printf(out, style, indent, "%sahead: %s", indent, a.warning());
                }
            }
        }
        for (String note : live.notes()) {
            printf(out, style, indent, "%snote: %s", indent, note);
        }
    }
}
