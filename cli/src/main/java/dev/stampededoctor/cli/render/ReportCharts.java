package dev.stampededoctor.cli.render;

import dev.stampededoctor.cli.render.html.SvgBarChart;
import dev.stampededoctor.cli.render.html.SvgTimeChart;
import dev.stampededoctor.detectors.db.DbConcurrency;
import dev.stampededoctor.detectors.report.CacheEvent;
import dev.stampededoctor.detectors.report.Incident;
import dev.stampededoctor.detectors.report.LiveSummary;
import dev.stampededoctor.detectors.report.Report;
import dev.stampededoctor.detectors.report.Timeline;
import dev.stampededoctor.detectors.report.TrafficTimeline;
import java.util.List;
import java.util.Locale;

/** The charts of an analyze or scan report, as SVG: the whole capture, each incident, Redis's INFO. */
final class ReportCharts {
    private ReportCharts() {
    }

    /**
     * Reads, misses and fills per interval over the whole capture, every alarm's trigger marked
     * and each alarm incident shaded from its first trigger to the end of its last episode; null
     * when the report has no timeline.
     */
    static String captureTimeline(Report report) {
        TrafficTimeline t = report.stats().timeline();
        if (t == null) {
            return null;
        }
        double dx = t.bucketMs() / 1000.0;
        SvgTimeChart chart = new SvgTimeChart("The whole capture: reads, misses and fills",
                "seconds from the first command (" + Numbers.rate(t.bucketMs()) + " ms per point)",
                "operations per " + Numbers.rate(t.bucketMs()) + " ms")
                .series("reads", "s-reads", 0, dx, t.reads())
                .series("misses", "s-miss", 0, dx, t.misses())
                .series("fills", "s-fill", 0, dx, t.fills());
        return markIncidents(report, chart, t.start().doubleValue()).svg();
    }

    /**
     * PostgreSQL's active queries on the capture's time axis, with the same triggers and
     * incidents as {@link #captureTimeline}; null without database samples.
     */
    static String databaseTimeline(Report report) {
        DbConcurrency c = report.database() == null ? null : report.database().concurrency();
        TrafficTimeline t = report.stats().timeline();
        if (c == null) {
            return null;
        }
        double origin = t != null ? t.start().doubleValue() : c.start().doubleValue();
        double[] active = new double[c.activeQueries().length];
        for (int b = 0; b < active.length; b++) {
            active[b] = c.activeQueries()[b] < 0 ? Double.NaN : c.activeQueries()[b];
        }
        SvgTimeChart chart = new SvgTimeChart("PostgreSQL: active queries (pg_stat_activity)",
                "seconds from the first command (" + Numbers.rate(c.bucketMs()) + " ms per point)", "active queries")
                .series("active queries", "s-db", c.start().doubleValue() - origin, c.bucketMs() / 1000.0, active);
        return markIncidents(report, chart, origin).svg();
    }

    /** Marks every alarm's trigger on {@code chart} and shades each alarm incident; x in seconds from {@code origin}. */
    private static SvgTimeChart markIncidents(Report report, SvgTimeChart chart, double origin) {
        for (Incident i : report.incidents()) {
            if (!i.alarm()) {
                continue;
            }
            double from = Double.MAX_VALUE;
            double to = -Double.MAX_VALUE;
            for (int k : i.events()) {
                CacheEvent e = report.events().get(k);
                double at = e.trigger().at().doubleValue() - origin;
                from = Math.min(from, at);
                to = Math.max(to, at + e.evidence().durationMs() / 1000.0);
                chart.mark(at, k == i.events().get(0) ? "#" + i.rank() : "");
            }
            chart.shade(from, to, "#" + i.rank() + " " + Verdict.line(i));
        }
        return chart;
    }

    /**
     * Misses and fills around the worst event's trigger (its evidence timeline); null without one.
     * Hits are left out: a hot key's hundreds of hits per interval would flatten the handful of
     * misses that matter to the bottom of the scale.
     */
    static String incidentTraffic(Incident i, CacheEvent worst) {
        Timeline t = worst.evidence().timeline();
        if (t == null) {
            return null;
        }
        // Bars side by side: as lines, equal counts of misses and fills would hide one another.
        long offsetMs = Math.round((t.start().doubleValue() - worst.trigger().at().doubleValue()) * 1000);
        List<String> buckets = new java.util.ArrayList<>();
        for (int b = 0; b < t.misses().length; b++) {
            long from = offsetMs + (long) b * t.bucketMs();
            buckets.add((from > 0 ? "+" : "") + from);
        }
        SvgBarChart chart = new SvgBarChart(String.format(Locale.ROOT, "#%d %s: %s misses, %s rebuilds", i.rank(),
                worst.key() != null ? worst.key() : worst.keyPattern(), Numbers.count(worst.misses()),
                Numbers.count(worst.rebuilds())),
                "ms from the trigger (start of each " + t.bucketMs() + " ms interval)", "per " + t.bucketMs() + " ms", buckets)
                .series("misses", "s-miss", ints(t.misses()))
                .series("fills", "s-fill", ints(t.fills()));
        return (buckets.size() > 20 ? chart.withoutValueLabels() : chart).svg();
    }

    /**
     * Misses waiting for a fill in each interval: those left from before plus the interval's own
     * (as if its fills landed last, so a peak inside the interval is not lost), then its fills
     * answer them. With cache-aside every waiting miss is a rebuild in flight, so this is the
     * rebuild concurrency the backend saw; null without a timeline.
     */
    static String rebuildConcurrency(Incident i, CacheEvent worst) {
        Timeline t = worst.evidence().timeline();
        if (t == null) {
            return null;
        }
        double offsetMs = (t.start().doubleValue() - worst.trigger().at().doubleValue()) * 1000;
        double[] waiting = new double[t.misses().length];
        long outstanding = 0;
        for (int b = 0; b < waiting.length; b++) {
            waiting[b] = outstanding + t.misses()[b];
            outstanding = Math.max(0, outstanding + t.misses()[b] - t.fills()[b]);
        }
        SvgTimeChart chart = new SvgTimeChart(String.format(Locale.ROOT, "#%d rebuilds in flight: peak %d at once",
                i.rank(), worst.evidence().peakConcurrentRebuilds()),
                "ms from the trigger (" + t.bucketMs() + " ms per point)", "rebuilds in flight")
                .series("misses waiting for a fill (most per interval)", "s-flight", offsetMs, t.bucketMs(), waiting)
                .mark(0, "trigger");
        if (worst.dbCorrelation() != null) {
            chart.mark(worst.dbCorrelation().lagMs(), "PostgreSQL: " + worst.dbCorrelation().peakConcurrent() + " concurrent");
        }
        return chart.svg();
    }

    /** INFO once a second during a scan: ops/s, the hit ratio, keys expired; empty without samples. */
    static List<String> info(LiveSummary live) {
        List<LiveSummary.InfoSample> samples = live.timeline();
        if (samples == null || samples.isEmpty()) {
            return List.of();
        }
        int n = samples.size();
        double[] ops = new double[n];
        double[] hit = new double[n];
        double[] expired = new double[n];
        double dx = n > 1 ? (samples.get(n - 1).atSeconds() - samples.get(0).atSeconds()) / (n - 1) : 1;
        for (int k = 0; k < n; k++) {
            LiveSummary.InfoSample s = samples.get(k);
            ops[k] = s.opsPerSecond();
            hit[k] = s.hitRatio() == null ? Double.NaN : s.hitRatio() * 100;
            expired[k] = s.expiredKeys();
        }
        double x0 = samples.get(0).atSeconds() - dx;
        return List.of(
                new SvgTimeChart("Redis ops/s (INFO)", "seconds into the scan", "commands per second")
                        .series("ops/s", "s-a", x0, dx, ops).svg(),
                new SvgTimeChart("Hit ratio per second (INFO keyspace_hits / hits + misses)", "seconds into the scan", "hit ratio, %")
                        .series("hit ratio %", "s-b", x0, dx, hit).yMax(100).svg(),
                new SvgTimeChart("Keys expired per second (INFO expired_keys)", "seconds into the scan", "keys per second")
                        .series("expired", "s-miss", x0, dx, expired).svg());
    }

    private static double[] ints(int[] v) {
        double[] d = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            d[k] = v[k];
        }
        return d;
    }
}
