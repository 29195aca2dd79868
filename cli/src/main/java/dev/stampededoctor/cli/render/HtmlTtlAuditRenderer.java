package dev.stampededoctor.cli.render;

import dev.stampededoctor.cli.render.html.HtmlDocument;
import dev.stampededoctor.cli.render.html.SvgBarChart;
import dev.stampededoctor.detectors.ttl.Durations;
import dev.stampededoctor.detectors.ttl.ExpiryCluster;
import dev.stampededoctor.detectors.ttl.ExpiryHistogram;
import dev.stampededoctor.detectors.ttl.JitterRecommendation;
import dev.stampededoctor.detectors.ttl.PatternTtlReport;
import dev.stampededoctor.detectors.ttl.TtlAuditReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The TTL audit as an HTML page: the patterns table, then each pattern's expiry histogram and, when clustered, its jitter. */
final class HtmlTtlAuditRenderer implements TtlAuditRenderer {
    private final int top;

    HtmlTtlAuditRenderer(int top) {
        this.top = top;
    }

    @Override
    public void render(TtlAuditReport report, PrintWriter out) {
        HtmlDocument doc = new HtmlDocument(out, "stampede-doctor TTL audit");
        doc.element("h1", "TTL audit");
        if (report.target() != null && report.target().redis() != null) {
            doc.element("p", "meta", String.join(", ", report.target().redis())
                    + (report.generatedAt() != null ? " · generated " + report.generatedAt() : ""));
        }
        long clustered = report.patterns().stream().filter(PatternTtlReport::clustered).count();
        doc.element("p", clustered > 0 ? "verdict" : "verdict healthy", String.format(Locale.ROOT,
                "Scanned %s keys in %s%s: %s of %s patterns expire in clusters.", Numbers.count(report.scanned()),
                Durations.text(report.durationMs()), report.truncated() ? " (stopped at --max-keys: a sample)" : "",
                Numbers.count(clustered), Numbers.count(report.patterns().size())));
        List<PatternTtlReport> shown = report.patterns().subList(0, Math.min(top, report.patterns().size()));
        List<List<String>> rows = new ArrayList<>();
        for (PatternTtlReport p : shown) {
            rows.add(List.of(p.pattern(), Numbers.count(p.keys()), Numbers.count(p.withoutTtl()),
                    p.ttl() == null ? "–" : Durations.text(p.ttl().p50()), p.ttl() == null ? "–" : Durations.text(p.ttl().max()),
                    p.clustered() ? "yes" : "no"));
        }
        doc.table(List.of("pattern", "keys", "without TTL", "TTL p50", "TTL max", "clustered"), rows,
                List.of("keys", "without TTL", "TTL p50", "TTL max"));
        for (PatternTtlReport p : shown) {
            pattern(p, doc);
        }
        doc.end();
    }

    private static void pattern(PatternTtlReport p, HtmlDocument doc) {
        ExpiryHistogram h = p.expiries();
        if (h == null || h.counts().length == 0) {
            return;
        }
        doc.open("section", "pattern");
        doc.element("h3", p.pattern());
        List<String> buckets = new ArrayList<>();
        double[] counts = new double[h.counts().length];
        for (int b = 0; b < counts.length; b++) {
            buckets.add(Durations.text(b * h.bucketMs()));
            counts[b] = h.counts()[b];
        }
        doc.figure(new SvgBarChart("Expiries of " + p.pattern() + " per " + Durations.text(h.bucketMs()),
                "time after the scan (bucket start)", "keys expiring", buckets)
                .series("keys", p.clustered() ? "s-miss" : "s-a", counts).withoutValueLabels().svg(),
                String.format(Locale.ROOT, "%s keys with a TTL, expiring over the next %s.",
                        Numbers.count(p.keys() - p.withoutTtl()), Durations.text(h.horizonMs())));
        List<String> lines = new ArrayList<>();
        for (ExpiryCluster c : p.clusters()) {
            lines.add(String.format(Locale.ROOT, "%s keys (%.0f %%) expire from %s to %s after the scan, %s within %s.",
                    Numbers.count(c.keys()), 100 * c.share(), Durations.text(c.startsInMs()), Durations.text(c.endsInMs()),
                    Numbers.count(c.peakKeys()), Durations.text(c.windowMs())));
        }
        doc.list(false, null, lines);
        JitterRecommendation j = p.recommendation();
        if (j != null) {
            doc.figure(new SvgBarChart(String.format(Locale.ROOT, "Most expiries within %s: now and with ±%d %% jitter",
                    Durations.text(j.windowMs()), j.spreadPercent()), "TTLs", "keys expiring together",
                    List.of("now", "±" + j.spreadPercent() + " % jitter"))
                    .series("keys", "s-a", j.peakKeysBefore(), j.peakKeysAfter()).svg(),
                    j.resolves() ? "The jitter spreads the cluster (a prediction from the pattern's own TTLs)."
                            : "Even the widest spread tried leaves a cluster.");
            doc.element("p", "Fix: " + j.advice() + ".");
            if (j.command() != null) {
                doc.pre(j.command());
            }
        }
        doc.close("section");
    }
}
