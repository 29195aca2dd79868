package dev.stampededoctor.cli.render;

import dev.stampededoctor.detectors.report.Incident;
import dev.stampededoctor.detectors.report.PatternStats;
import dev.stampededoctor.detectors.report.Report;
import dev.stampededoctor.detectors.report.Target;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;

/** analyze's and scan's report as OpenMetrics gauges, labelled by target (and db, pattern, kind). */
final class ReportOpenMetrics implements ReportRenderer {

    @Override
    public void render(Report report, PrintWriter out) {
        OpenMetricsWriter m = new OpenMetricsWriter();
        String target = target(report.target());
        if (report.generatedAt() != null) {
            m.sample(m.gauge("report_generated_timestamp_seconds", "When the report was made (Unix time)."),
                    java.time.Instant.parse(report.generatedAt()).toEpochMilli() / 1000.0, "target", target);
        }
        Map<String, Integer> byKind = new TreeMap<>();
        long rebuilds = 0;
        long redundant = 0;
        double wasted = 0;
        for (Incident i : report.incidents()) {
            byKind.merge(i.kind(), 1, Integer::sum);
            rebuilds += i.rebuilds();
            redundant += i.redundantRebuilds();
            wasted += i.wastedDbMs() == null ? 0 : i.wastedDbMs();
        }
        String incidents = m.gauge("incidents", "Incidents found, by kind (invalidation-stampede, ttl-herd, …).");
        byKind.forEach((kind, n) -> m.sample(incidents, n, "target", target, "kind", kind));
        m.sample(m.gauge("alarms", "Incidents that are stampedes or herds (not healthy coalescing)."),
                report.verdict() == null ? 0 : report.verdict().alarms(), "target", target);
        m.sample(m.gauge("incident_misses", "Reads that missed in the incidents."),
                report.verdict() == null ? 0 : report.verdict().misses(), "target", target);
        m.sample(m.gauge("incident_rebuilds", "Rebuilds (fills after a miss) in the incidents."), rebuilds, "target",
                target);
        m.sample(m.gauge("incident_redundant_rebuilds", "Rebuilds beyond one per key and occurrence: what a fix saves."),
                redundant, "target", target);
        if (wasted > 0) {
            m.sample(m.gauge("incident_wasted_db_seconds", "Database time spent on redundant rebuilds, where known."),
                    wasted / 1000, "target", target);
        }
        m.sample(m.gauge("input_commands", "MONITOR commands parsed."), report.input().parsed(), "target", target);
        m.sample(m.gauge("input_unparseable_lines", "Lines that were not MONITOR commands."), report.input().unparseable(),
                "target", target);
        if (report.input().timeSpan() != null) {
            m.sample(m.gauge("capture_duration_seconds", "From the first command to the last."),
                    report.input().timeSpan().seconds(), "target", target);
        }
        m.sample(m.gauge("distinct_keys", "Distinct keys seen (a lower bound past --max-keys)."),
                report.stats().distinctKeys(), "target", target);
        String reads = m.gauge("pattern_reads", "Reads of the pattern's keys.");
        String misses = m.gauge("pattern_misses", "Reads of the pattern's keys that missed.");
        String fills = m.gauge("pattern_fills", "Writes of the pattern's keys.");
        String hit = m.gauge("pattern_hit_ratio", "Reads that hit, of the pattern's reads (0 to 1).");
        for (PatternStats p : report.stats().patterns()) {
            String db = String.valueOf(p.db());
            m.sample(reads, p.reads(), "target", target, "db", db, "pattern", p.pattern());
            m.sample(misses, p.misses(), "target", target, "db", db, "pattern", p.pattern());
            m.sample(fills, p.fills(), "target", target, "db", db, "pattern", p.pattern());
            m.sample(hit, p.hitRatio(), "target", target, "db", db, "pattern", p.pattern());
        }
        if (report.live() != null) {
            m.sample(m.gauge("scan_complete", "1 when the scan read its whole --duration, else 0."),
                    report.live().complete() ? 1 : 0, "target", target, "stopped_by", report.live().stoppedBy());
            m.sample(m.gauge("scan_duration_seconds", "How long MONITOR was read."), report.live().durationMs() / 1000.0,
                    "target", target);
            if (report.live().info() != null) {
                m.sample(m.gauge("redis_hit_ratio", "keyspace_hits / (hits + misses) over the scan, from INFO."),
                        report.live().info().hitRatio(), "target", target);
            }
        }
        m.write(out);
    }

    /** The report's target as one label value: the server, or the capture files. */
    static String target(Target t) {
        if (t == null) {
            return "unknown";
        }
        if (t.redis() != null && !t.redis().isEmpty()) {
            return String.join(",", t.redis());
        }
        return t.files() == null ? t.kind() : String.join(",", t.files());
    }
}
