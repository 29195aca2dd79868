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
    private final TextStyle style;

    TtlAuditTextRenderer(int top) {
        this(top, TextStyle.PLAIN);
    }

    TtlAuditTextRenderer(int top, TextStyle style) {
        this.top = top;
        this.style = style;
    }

    private void printf(PrintWriter out, int indent, String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        WordWrap.println(out, style, line.endsWith("\n") ? line.substring(0, line.length() - 1) : line, indent);
    }

    @Override
    public void render(TtlAuditReport report, PrintWriter out) {
        long clustered = report.patterns().stream().filter(PatternTtlReport::clustered).count();
        String server = TtlAuditCsvRenderer.server(report);
        if (server != null) {
            printf(out, 2, "TTL audit of %s db %d%s.%n", server, TtlAuditCsvRenderer.db(server),
                    report.generatedAt() == null ? "" : ", " + report.generatedAt());
        }
        printf(out, 2, "Scanned %s keys in %s: %s pattern(s), %s clustered.%n", Numbers.count(report.scanned()),
                Durations.text(report.durationMs()), Numbers.count(report.patterns().size()), Numbers.count(clustered));
        if (report.nodes() != null) {
            StringBuilder b = new StringBuilder();
            for (TtlAuditReport.NodeAudit n : report.nodes()) {
                b.append(b.length() == 0 ? "" : ", ").append(n.node()).append(' ').append(n.role()).append(' ')
                        .append(Numbers.count(n.scanned())).append(n.truncated() ? " (stopped at its share of --max-keys)" : "");
            }
            printf(out, 2, "Cluster: %d node(s) scanned at once: %s.%n", report.nodes().size(), b);
        }
        if (report.truncated()) {
            printf(out, 2, "The scan stopped at --max-keys: these figures are of a sample of the keyspace.");
        }
        if (report.untrackedKeys() > 0) {
            printf(out, 2, "%s keys of further patterns were counted only.%n", Numbers.count(report.untrackedKeys()));
        }
        int shown = 0;
        for (PatternTtlReport p : report.patterns()) {
            if (shown++ == top) {
                out.println();
                printf(out, 2, "%s %d more pattern(s); --top N shows more, --format json shows all.%n", style.ellipsis(),
                        report.patterns().size() - top);
                break;
            }
            out.println();
            pattern(p, out);
        }
        if (report.checks() != null) {
            out.println();
            printf(out, 2, "Rules (--fail-on): %d of %d failed.%n",
                    report.checks().stream().filter(dev.stampededoctor.detectors.ttl.AuditCheck::failed).count(),
                    report.checks().size());
            for (dev.stampededoctor.detectors.ttl.AuditCheck c : report.checks()) {
                printf(out, 4, "%s %s: %s%s%n", CheckText.mark(!c.failed(), style), c.rule(),
                        Numbers.rate(c.value()), c.pattern() == null ? "" : " (" + c.pattern() + ")");
            }
        }
        out.flush();
    }

    private void pattern(PatternTtlReport p, PrintWriter out) {
        String head = String.format(Locale.ROOT, "%s  %s keys, %s without TTL", p.pattern(),
                Numbers.count(p.keys()), Numbers.count(p.withoutTtl()));
        WordWrap.println(out, style, (p.clustered() ? "CLUSTERED " : "") + head, 2,
                p.clustered() ? l -> l.startsWith("CLUSTERED ") ? style.alarm("CLUSTERED") + l.substring(9) : l : null);
        if (p.nodes() != null) {
            StringBuilder b = new StringBuilder();
            p.nodes().forEach((node, keys) -> b.append(b.length() == 0 ? "" : ", ").append(node).append(' ')
                    .append(Numbers.count(keys)));
            printf(out, 6, "  by node: %s%n", b);
        }
        if (p.ttl() == null) {
            out.println("  no key expires");
            return;
        }
        printf(out, 6, "  TTL min %s  p50 %s  p90 %s  p99 %s  max %s  (%s distinct, in seconds)%n",
                Durations.text(p.ttl().min()), Durations.text(p.ttl().p50()), Durations.text(p.ttl().p90()),
                Durations.text(p.ttl().p99()), Durations.text(p.ttl().max()), Numbers.count(p.distinctTtls()));
        printf(out, 12, "  expiries  now %s %s%n", Sparkline.labelled(p.expiries().counts(), " keys", style),
                Durations.text(p.expiries().horizonMs()));
        for (ExpiryCluster c : p.clusters()) {
            printf(out, 11, "  cluster: %s keys (%.0f %%) expire from %s to %s from now, %s of them within %s%n",
                    Numbers.count(c.keys()), 100 * c.share(), Durations.text(c.startsInMs()),
                    Durations.text(c.endsInMs()), Numbers.count(c.peakKeys()), Durations.text(c.windowMs()));
        }
        if (p.recommendation() != null) {
            printf(out, 7, "  fix: %s", p.recommendation().advice());
            if (p.recommendation().command() != null) {
                // A command to paste: never broken across lines.
                out.println("       " + p.recommendation().command());
            }
        }
    }
}
