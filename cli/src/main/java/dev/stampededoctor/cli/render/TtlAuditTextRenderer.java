package dev.stampededoctor.cli.render;

import dev.stampededoctor.detectors.ttl.Durations;
import dev.stampededoctor.detectors.ttl.ExpiryCluster;
import dev.stampededoctor.detectors.ttl.PatternTtlReport;
import dev.stampededoctor.detectors.ttl.TtlAuditReport;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The terminal view: a summary line, then the top patterns, each with its expiry histogram as a
 * row of block characters (so a cluster stands out as one tall bar), its clusters and the fix.
 */
final class TtlAuditTextRenderer implements TtlAuditRenderer {
    private final int top;

    TtlAuditTextRenderer(int top) {
        this.top = top;
    }

    @Override
    public void render(TtlAuditReport report, PrintWriter out) {
        long clustered = report.patterns().stream().filter(PatternTtlReport::clustered).count();
        out.printf(Locale.ROOT, "Scanned %s keys in %s: %s pattern(s), %s clustered.%n", Numbers.count(report.scanned()),
                Durations.text(report.durationMs()), Numbers.count(report.patterns().size()), Numbers.count(clustered));
        if (report.truncated()) {
            out.println("The scan stopped at --max-keys: these figures are of a sample of the keyspace.");
        }
        if (report.untrackedKeys() > 0) {
            out.printf(Locale.ROOT, "%s keys of further patterns were counted only.%n", Numbers.count(report.untrackedKeys()));
        }
        int shown = 0;
        for (PatternTtlReport p : report.patterns()) {
            if (shown++ == top) {
                out.printf(Locale.ROOT, "%n… %d more pattern(s); --top N shows more, --format json shows all.%n",
                        report.patterns().size() - top);
                break;
            }
            out.println();
            pattern(p, out);
        }
        out.flush();
    }

    private static void pattern(PatternTtlReport p, PrintWriter out) {
        out.printf(Locale.ROOT, "%s%s  %s keys, %s without TTL%n", p.clustered() ? "CLUSTERED " : "", p.pattern(),
                Numbers.count(p.keys()), Numbers.count(p.withoutTtl()));
        if (p.ttl() == null) {
            out.println("  no key expires");
            return;
        }
        out.printf(Locale.ROOT, "  TTL min %s  p50 %s  p90 %s  p99 %s  max %s  (%s distinct, in seconds)%n",
                Durations.text(p.ttl().min()), Durations.text(p.ttl().p50()), Durations.text(p.ttl().p90()),
                Durations.text(p.ttl().p99()), Durations.text(p.ttl().max()), Numbers.count(p.distinctTtls()));
        out.printf(Locale.ROOT, "  expiries  now %s %s%n", Sparkline.of(p.expiries().counts()),
                Durations.text(p.expiries().horizonMs()));
        for (ExpiryCluster c : p.clusters()) {
            out.printf(Locale.ROOT, "  cluster: %s keys (%.0f %%) expire from %s to %s from now, %s of them within %s%n",
                    Numbers.count(c.keys()), 100 * c.share(), Durations.text(c.startsInMs()),
                    Durations.text(c.endsInMs()), Numbers.count(c.peakKeys()), Durations.text(c.windowMs()));
        }
        if (p.recommendation() != null) {
            out.println("  fix: " + p.recommendation().advice());
            if (p.recommendation().command() != null) {
                out.println("       " + p.recommendation().command());
            }
        }
    }
}
