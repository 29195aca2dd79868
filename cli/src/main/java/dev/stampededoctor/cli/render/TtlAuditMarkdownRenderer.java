package dev.stampededoctor.cli.render;

import dev.stampededoctor.detectors.ttl.Durations;
import dev.stampededoctor.detectors.ttl.ExpiryCluster;
import dev.stampededoctor.detectors.ttl.PatternTtlReport;
import dev.stampededoctor.detectors.ttl.TtlAuditReport;
import java.io.PrintWriter;
import java.util.Locale;

/** For tickets and post-mortems: a table of the top patterns, then each clustered one in detail. */
final class TtlAuditMarkdownRenderer implements TtlAuditRenderer {
    private final int top;

    TtlAuditMarkdownRenderer(int top) {
        this.top = top;
    }

    @Override
    public void render(TtlAuditReport report, PrintWriter out) {
        out.println("# TTL audit");
        out.println();
        out.printf(Locale.ROOT, "Scanned %s keys in %s%s.%n", Numbers.count(report.scanned()),
                Durations.text(report.durationMs()), report.truncated() ? " (stopped at --max-keys: a sample)" : "");
        out.println();
        out.println("| Pattern | Keys | Without TTL | TTL p50 | TTL max | Expiries | Clustered |");
        out.println("|---|---:|---:|---:|---:|---|---|");
        int shown = 0;
        for (PatternTtlReport p : report.patterns()) {
            if (shown++ == top) {
                break;
            }
            out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", Markdown.cellCode(p.pattern()), Numbers.count(p.keys()),
                    Numbers.count(p.withoutTtl()), p.ttl() == null ? "–" : Durations.text(p.ttl().p50()),
                    p.ttl() == null ? "–" : Durations.text(p.ttl().max()),
                    p.expiries() == null ? "" : Sparkline.of(p.expiries().counts()), p.clustered() ? "**yes**" : "no");
        }
        for (PatternTtlReport p : report.patterns()) {
            if (!p.clustered()) {
                continue;
            }
            out.println();
            out.printf(Locale.ROOT, "## %s%n%n", Markdown.code(p.pattern()));
            for (ExpiryCluster c : p.clusters()) {
                out.printf(Locale.ROOT, "- %s keys (%.0f %%) expire from %s to %s after the scan, %s within %s.%n",
                        Numbers.count(c.keys()), 100 * c.share(), Durations.text(c.startsInMs()),
                        Durations.text(c.endsInMs()), Numbers.count(c.peakKeys()), Durations.text(c.windowMs()));
            }
            out.println();
            out.println("Fix: " + Markdown.text(p.recommendation().advice()) + ".");
            if (p.recommendation().command() != null) {
                out.println();
                String fence = Markdown.fence(p.recommendation().command());
                out.println(fence + "sh");
                out.println(p.recommendation().command());
                out.println(fence);
            }
        }
        out.flush();
    }
}
