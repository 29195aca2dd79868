package dev.stampededoctor.cli.render;

import dev.stampededoctor.detectors.ttl.AuditCheck;
import dev.stampededoctor.detectors.ttl.ExpiryCluster;
import dev.stampededoctor.detectors.ttl.PatternTtlReport;
import dev.stampededoctor.detectors.ttl.TtlAuditReport;
import java.io.PrintWriter;

/** ttl-audit's report as OpenMetrics gauges, labelled by target, db and pattern: for cron and the textfile collector. */
final class TtlAuditOpenMetrics implements TtlAuditRenderer {

    @Override
    public void render(TtlAuditReport report, PrintWriter out) {
        OpenMetricsWriter m = new OpenMetricsWriter();
        String server = TtlAuditCsvRenderer.server(report);
        String target = server == null ? "unknown" : server;
        String db = server == null ? "0" : String.valueOf(TtlAuditCsvRenderer.db(server));
        if (report.generatedAt() != null) {
            m.sample(m.gauge("ttl_audit_generated_timestamp_seconds", "When the audit was made (Unix time)."),
                    java.time.Instant.parse(report.generatedAt()).toEpochMilli() / 1000.0, "target", target, "db", db);
        }
        m.sample(m.gauge("ttl_audit_scanned_keys", "Keys SCAN returned."), report.scanned(), "target", target, "db", db);
        m.sample(m.gauge("ttl_audit_truncated", "1 when the scan stopped at --max-keys (figures of a sample)."),
                report.truncated() ? 1 : 0, "target", target, "db", db);
        m.sample(m.gauge("ttl_audit_duration_seconds", "How long the scan took."), report.durationMs() / 1000.0,
                "target", target, "db", db);
        m.sample(m.gauge("ttl_audit_clustered_patterns", "Patterns whose keys expire together."),
                report.patterns().stream().filter(PatternTtlReport::clustered).count(), "target", target, "db", db);
        if (report.nodes() != null) {
            String nodeKeys = m.gauge("ttl_audit_node_scanned_keys", "Keys SCAN returned on each cluster node.");
            for (TtlAuditReport.NodeAudit n : report.nodes()) {
                m.sample(nodeKeys, n.scanned(), "target", target, "db", db, "node", n.node(), "role", n.role());
            }
        }
        String keys = m.gauge("ttl_pattern_keys", "Keys of the pattern scanned.");
        String noTtl = m.gauge("ttl_pattern_keys_without_ttl", "Keys of the pattern that never expire.");
        String clustered = m.gauge("ttl_pattern_clustered", "1 when the pattern's keys expire together, else 0.");
        String clusterKeys = m.gauge("ttl_pattern_largest_cluster_keys", "Keys in the pattern's largest expiry cluster.");
        String share = m.gauge("ttl_pattern_largest_cluster_ratio",
                "The largest cluster's share of the pattern's keys with a TTL (0 to 1).");
        String startsIn = m.gauge("ttl_pattern_largest_cluster_starts_in_seconds",
                "Time from the end of the scan to the largest cluster's first expiry.");
        String p50 = m.gauge("ttl_pattern_ttl_p50_seconds", "Median remaining TTL of the pattern's keys with one.");
        String max = m.gauge("ttl_pattern_ttl_max_seconds", "Longest remaining TTL of the pattern's keys.");
        for (PatternTtlReport p : report.patterns()) {
            String[] l = {"target", target, "db", db, "pattern", p.pattern()};
            m.sample(keys, p.keys(), l);
            m.sample(noTtl, p.withoutTtl(), l);
            m.sample(clustered, p.clustered() ? 1 : 0, l);
            ExpiryCluster c = p.clusters() == null || p.clusters().isEmpty() ? null : p.clusters().get(0);
            if (c != null) {
                m.sample(clusterKeys, c.keys(), l);
                m.sample(share, c.share(), l);
                m.sample(startsIn, c.startsInMs() / 1000.0, l);
            }
            if (p.ttl() != null) {
                m.sample(p50, p.ttl().p50() / 1000.0, l);
                m.sample(max, p.ttl().max() / 1000.0, l);
            }
        }
        if (report.checks() != null) {
            String failed = m.gauge("ttl_audit_rule_failed", "1 when the --fail-on rule failed, else 0.");
            String value = m.gauge("ttl_audit_rule_value", "What the --fail-on rule measured (a share in %).");
            for (AuditCheck c : report.checks()) {
                m.sample(failed, c.failed() ? 1 : 0, "target", target, "db", db, "rule", c.rule());
                m.sample(value, c.value(), "target", target, "db", db, "rule", c.rule());
            }
        }
        m.write(out);
    }
}
