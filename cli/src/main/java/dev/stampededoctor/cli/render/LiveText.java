package dev.stampededoctor.cli.render;

import static dev.stampededoctor.cli.render.Numbers.count;

import dev.stampededoctor.detectors.report.LiveSummary;
import java.io.PrintWriter;
import java.util.Locale;

/** The live section of a {@code scan} report, for the text and markdown renderers. */
final class LiveText {
    private LiveText() {
    }

    /** The PostgreSQL summary; {@code indent} starts every line after the first. */
    static void print(dev.stampededoctor.detectors.db.DatabaseSummary db, PrintWriter out, String first, String indent) {
        out.printf(Locale.ROOT, "%s%s: %s samples of pg_stat_activity, every %.0f ms%n", first, db.source(),
                count(db.samples()), db.intervalMs());
        for (dev.stampededoctor.detectors.db.DbBurst b : db.bursts()) {
            out.printf(Locale.ROOT, "%sburst with no cache trigger: %d concurrent for %.1f s: %s%n", indent,
                    b.peakConcurrent(), b.to() - b.from(), b.query());
        }
        for (String note : db.notes()) {
            out.printf("%snote: %s%n", indent, note);
        }
    }

    /** Lines of plain text; {@code indent} starts every line after the first. */
    static void print(LiveSummary live, PrintWriter out, String first, String indent) {
        out.printf(Locale.ROOT, "%s%s (%s %s), %s of MONITOR (%s KB), stopped by %s%s%n", first, live.redis(),
                live.role(), live.version(), Numbers.seconds(live.durationMs() / 1000.0), count(live.monitorBytes() / 1024),
                live.stoppedBy(), live.complete() ? "" : ": partial");
        LiveSummary.InfoDelta d = live.info();
        out.printf(Locale.ROOT, "%shit ratio %s (%s hits, %s misses), %s expired, %s evicted, peak MONITOR buffer %s bytes%n",
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
            out.printf("%sops/s     %s%n", indent, Sparkline.of(ops));
            out.printf("%shit ratio %s (per second)%n", indent, Sparkline.of(hit));
        }
        if (live.lookAhead() != null) {
            for (LiveSummary.LookAhead a : live.lookAhead()) {
                if (a.warning() != null) {
                    out.printf("%sahead: %s%n", indent, a.warning());
                }
            }
        }
        for (String note : live.notes()) {
            out.printf("%snote: %s%n", indent, note);
        }
    }
}
