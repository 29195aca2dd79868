package dev.stampededoctor.cli.exporter;

import dev.stampededoctor.detectors.ttl.ExpiryCluster;
import dev.stampededoctor.detectors.ttl.PatternTtlReport;
import dev.stampededoctor.detectors.ttl.TtlAuditReport;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The periodic TTL audit's gauges, named as {@code ttl-audit --format openmetrics} names them so
 * that one dashboard reads both; each audit replaces the last one's patterns.
 */
final class AuditGauges {
    private static final String P = "stampede_doctor_";

    private final String target;
    private final String db;
    private final Gauge scanned;
    private final Gauge truncated;
    private final Gauge duration;
    private final Gauge clusteredPatterns;
    private final Gauge lastAudit;
    private final Gauge failed;
    private final Gauge keys;
    private final Gauge withoutTtl;
    private final Gauge clustered;
    private final Gauge clusterKeys;
    private final Gauge clusterShare;
    private final Gauge clusterStartsIn;

    AuditGauges(PrometheusRegistry registry, String target, String db) {
        this.target = target;
        this.db = db;
        String[] server = {"target", "db"};
        String[] pattern = {"target", "db", "pattern"};
        scanned = gauge(registry, "ttl_audit_scanned_keys", "Keys the last audit's SCAN returned.", server);
        truncated = gauge(registry, "ttl_audit_truncated", "1 when the last audit stopped at its key bound.", server);
        duration = gauge(registry, "ttl_audit_duration_seconds", "How long the last audit took.", server);
        clusteredPatterns = gauge(registry, "ttl_audit_clustered_patterns", "Patterns whose keys expire together.",
                server);
        lastAudit = gauge(registry, "ttl_audit_last_success_timestamp_seconds", "When the last audit ended (Unix time).",
                server);
        failed = gauge(registry, "ttl_audit_failed", "1 when the last audit could not finish (see stderr), else 0.",
                server);
        keys = gauge(registry, "ttl_pattern_keys", "Keys of the pattern scanned.", pattern);
        withoutTtl = gauge(registry, "ttl_pattern_keys_without_ttl", "Keys of the pattern that never expire.", pattern);
        clustered = gauge(registry, "ttl_pattern_clustered", "1 when the pattern's keys expire together, else 0.", pattern);
        clusterKeys = gauge(registry, "ttl_pattern_largest_cluster_keys", "Keys in the pattern's largest expiry cluster.",
                pattern);
        clusterShare = gauge(registry, "ttl_pattern_largest_cluster_ratio",
                "The largest cluster's share of the pattern's keys with a TTL (0 to 1).", pattern);
        clusterStartsIn = gauge(registry, "ttl_pattern_largest_cluster_starts_in_seconds",
                "Time from the end of the audit to the largest cluster's first expiry.", pattern);
    }

    private static Gauge gauge(PrometheusRegistry registry, String name, String help, String... labels) {
        return Gauge.builder().name(P + name).help(help).labelNames(labels).register(registry);
    }

    void audited(TtlAuditReport report) {
        scanned.labelValues(target, db).set(report.scanned());
        truncated.labelValues(target, db).set(report.truncated() ? 1 : 0);
        duration.labelValues(target, db).set(report.durationMs() / 1000.0);
        clusteredPatterns.labelValues(target, db).set(report.patterns().stream().filter(PatternTtlReport::clustered).count());
        lastAudit.labelValues(target, db).set(System.currentTimeMillis() / 1000.0);
        failed.labelValues(target, db).set(0);
        for (Gauge g : new Gauge[] {keys, withoutTtl, clustered, clusterKeys, clusterShare, clusterStartsIn}) {
            g.clear();
        }
        for (PatternTtlReport p : report.patterns()) {
            String[] l = {target, db, p.pattern()};
            keys.labelValues(l).set(p.keys());
            withoutTtl.labelValues(l).set(p.withoutTtl());
            clustered.labelValues(l).set(p.clustered() ? 1 : 0);
            ExpiryCluster c = p.clusters() == null || p.clusters().isEmpty() ? null : p.clusters().get(0);
            if (c != null) {
                clusterKeys.labelValues(l).set(c.keys());
                clusterShare.labelValues(l).set(c.share());
                clusterStartsIn.labelValues(l).set(c.startsInMs() / 1000.0);
            }
        }
    }

    void failed() {
        failed.labelValues(target, db).set(1);
    }
}
