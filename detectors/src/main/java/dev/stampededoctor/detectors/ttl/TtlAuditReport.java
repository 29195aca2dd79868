package dev.stampededoctor.detectors.ttl;

import java.util.List;

/**
 * The result of {@code ttl-audit}.
 *
 * @param scanned        keys SCAN returned
 * @param vanished       keys gone before their TTL was read (expired or deleted meanwhile)
 * @param durationMs     wall time of the scan
 * @param truncated      true when the scan stopped at its key limit: counts are of a sample
 * @param untrackedKeys  keys of patterns past the pattern limit, counted here only
 * @param patterns       clustered patterns first (largest cluster first), then by keys
 */
public record TtlAuditReport(long scanned, long vanished, long durationMs, boolean truncated, long untrackedKeys,
        List<PatternTtlReport> patterns) {

    public boolean clustered() {
        return patterns.stream().anyMatch(PatternTtlReport::clustered);
    }
}
