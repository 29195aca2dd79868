package dev.stampededoctor.detectors.ttl;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.stampededoctor.detectors.report.Target;
import java.util.List;

/**
 * The result of {@code ttl-audit}.
 *
 * @param reportVersion  {@link #VERSION}
 * @param generatedAt    when the document was made (ISO-8601 UTC); null until the CLI stamps it
 * @param target         the server it describes; null until the CLI names it
 * @param scanned        keys SCAN returned
 * @param vanished       keys gone before their TTL was read (expired or deleted meanwhile)
 * @param durationMs     wall time of the scan
 * @param truncated      true when the scan stopped at its key limit: counts are of a sample
 * @param untrackedKeys  keys of patterns past the pattern limit, counted here only
 * @param patterns       clustered patterns first (largest cluster first), then by keys
 * @param checks         the {@code --fail-on} rules as measured; null when none was given
 */
public record TtlAuditReport(int reportVersion,
        @JsonInclude(JsonInclude.Include.NON_NULL) String generatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Target target,
        long scanned, long vanished, long durationMs, boolean truncated, long untrackedKeys,
        List<PatternTtlReport> patterns,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<AuditCheck> checks,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<NodeAudit> nodes) {
    /** Bumped when a field changes meaning or disappears; new fields do not bump it. */
    public static final int VERSION = 1;

    /** An audit's result, not yet stamped. */
    public TtlAuditReport(long scanned, long vanished, long durationMs, boolean truncated, long untrackedKeys,
            List<PatternTtlReport> patterns) {
        this(VERSION, null, null, scanned, vanished, durationMs, truncated, untrackedKeys, patterns, null, null);
    }

    /** This report stamped with when it was made and what it describes. */
    public TtlAuditReport withTarget(Target target, String generatedAt) {
        return new TtlAuditReport(reportVersion, generatedAt, target, scanned, vanished, durationMs, truncated,
                untrackedKeys, patterns, checks, nodes);
    }

    /** This report with what each node of a cluster gave (null for one server). */
    public TtlAuditReport withNodes(List<NodeAudit> nodes) {
        return new TtlAuditReport(reportVersion, generatedAt, target, scanned, vanished, durationMs, truncated,
                untrackedKeys, patterns, checks, nodes);
    }

    /**
     * One node of a cluster audit: {@code node} as {@code host:port}, its role, the keys its SCAN
     * returned, whether it stopped at {@code --max-keys} and how long it took.
     */
    public record NodeAudit(String node, String role, long scanned, boolean truncated, long durationMs) {
    }

    /** This report with each rule measured against it. */
    public TtlAuditReport withChecks(List<AuditRule> rules) {
        List<AuditCheck> measured = rules.stream().map(r -> r.check(this)).toList();
        return new TtlAuditReport(reportVersion, generatedAt, target, scanned, vanished, durationMs, truncated,
                untrackedKeys, patterns, measured, nodes);
    }

    /** Whether a --fail-on rule failed; false without rules. */
    public boolean failedACheck() {
        return checks != null && checks.stream().anyMatch(AuditCheck::failed);
    }

    public boolean clustered() {
        return patterns.stream().anyMatch(PatternTtlReport::clustered);
    }
}
