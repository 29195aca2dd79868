package dev.stampededoctor.cli.render;

import dev.stampededoctor.detectors.ttl.ExpiryCluster;
import dev.stampededoctor.detectors.ttl.PatternTtlReport;
import dev.stampededoctor.detectors.ttl.TtlAuditReport;
import dev.stampededoctor.detectors.ttl.TtlQuantiles;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** One row per pattern (RFC 4180, header first), for spreadsheets. TTLs in milliseconds. */
final class TtlAuditCsvRenderer implements TtlAuditRenderer {
    static final String HEADER = "pattern,keys,withoutTtl,ttlMinMs,ttlP50Ms,ttlP90Ms,ttlP99Ms,ttlMaxMs,distinctTtls,"
            + "clustered,clusters,largestClusterKeys,largestClusterShare,largestClusterStartsInMs,"
            + "largestClusterEndsInMs,peakKeys,windowMs,recommendedSpreadPercent,peakKeysAfterSpread,memoryBytes,"
            + "generatedAt,target,db";

    @Override
    public void render(TtlAuditReport report, PrintWriter out) {
        out.print(HEADER + "\r\n");
        for (PatternTtlReport p : report.patterns()) {
            List<String> row = new ArrayList<>();
            row.add(quote(p.pattern()));
            row.add(String.valueOf(p.keys()));
            row.add(String.valueOf(p.withoutTtl()));
            TtlQuantiles q = p.ttl();
            for (Long v : q == null ? new Long[] {null, null, null, null, null}
                    : new Long[] {q.min(), q.p50(), q.p90(), q.p99(), q.max()}) {
                row.add(v == null ? "" : v.toString());
            }
            row.add(String.valueOf(p.distinctTtls()));
            row.add(String.valueOf(p.clustered()));
            row.add(String.valueOf(p.clusters().size()));
            ExpiryCluster c = p.clusters().isEmpty() ? null : p.clusters().get(0);
            row.add(c == null ? "" : String.valueOf(c.keys()));
            row.add(c == null ? "" : String.valueOf(c.share()));
            row.add(c == null ? "" : String.valueOf(c.startsInMs()));
            row.add(c == null ? "" : String.valueOf(c.endsInMs()));
            row.add(c == null ? "" : String.valueOf(c.peakKeys()));
            row.add(c == null ? "" : String.valueOf(c.windowMs()));
            row.add(p.recommendation() == null ? "" : String.valueOf(p.recommendation().spreadPercent()));
            row.add(p.recommendation() == null ? "" : String.valueOf(p.recommendation().peakKeysAfter()));
            row.add(p.memoryBytes() == null ? "" : p.memoryBytes().toString());
            // Last, so that the earlier columns keep their places: when, what and which db, on every row.
            row.add(report.generatedAt() == null ? "" : report.generatedAt());
            String server = server(report);
            row.add(server == null ? "" : quote(server));
            row.add(server == null ? "" : String.valueOf(db(server)));
            out.print(String.join(",", row) + "\r\n");
        }
        out.flush();
    }

    /** The audited server's URL (no credentials), null when the report names none. */
    static String server(TtlAuditReport report) {
        return report.target() == null || report.target().redis() == null || report.target().redis().isEmpty() ? null
                : report.target().redis().get(0);
    }

    /** The db a {@code redis://host:port[/db]} names: 0 unless its path gives one. */
    static int db(String url) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(":\\d+/(\\d+)$").matcher(url);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
