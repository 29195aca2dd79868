package dev.stampededoctor.detectors.ttl;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.stampededoctor.detectors.report.Target;

/**
 * What a jitter would do to a set of keys: {@code changed} keys with a TTL get a new one (keys
 * without a TTL are never touched), and their expiries go from {@code before} to {@code after}
 * (one horizon for both, so the bars compare). {@code peakKeysBefore}/{@code peakKeysAfter}:
 * most expiries within one {@code windowMs}. As {@code jitter plan}'s JSON it carries
 * {@code reportVersion} ({@link #VERSION}), {@code generatedAt} and {@code target}, stamped by the CLI
 * (null before). On a Redis Cluster, {@code nodes} breaks the counts down by primary (null for
 * one server).
 */
public record JitterPlan(int reportVersion,
        @JsonInclude(JsonInclude.Include.NON_NULL) String generatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Target target,
        double spreadPercent, long matched, long withoutTtl, long changed, ExpiryHistogram before,
        ExpiryHistogram after, long windowMs, int peakKeysBefore, int peakKeysAfter,
        @JsonInclude(JsonInclude.Include.NON_NULL) java.util.List<NodeKeys> nodes) {
    /** Bumped when a field changes meaning or disappears; new fields do not bump it. */
    public static final int VERSION = 1;

    /** A plan, not yet stamped. */
    public JitterPlan(double spreadPercent, long matched, long withoutTtl, long changed, ExpiryHistogram before,
            ExpiryHistogram after, long windowMs, int peakKeysBefore, int peakKeysAfter) {
        this(VERSION, null, null, spreadPercent, matched, withoutTtl, changed, before, after, windowMs, peakKeysBefore,
                peakKeysAfter, null);
    }

    /**
     * One node's share: {@code node} as {@code host:port}, the keys matching there, those without
     * a TTL, those that would change, and whether its scan stopped at its part of --max-keys.
     */
    public record NodeKeys(String node, long matched, long withoutTtl, long changed, boolean truncated) {
    }

    /** This plan stamped with when it was made and what it describes. */
    public JitterPlan withTarget(Target target, String generatedAt) {
        return new JitterPlan(reportVersion, generatedAt, target, spreadPercent, matched, withoutTtl, changed, before,
                after, windowMs, peakKeysBefore, peakKeysAfter, nodes);
    }

    /** This plan with each node's share (a cluster's; null for one server). */
    public JitterPlan withNodes(java.util.List<NodeKeys> nodes) {
        return new JitterPlan(reportVersion, generatedAt, target, spreadPercent, matched, withoutTtl, changed, before,
                after, windowMs, peakKeysBefore, peakKeysAfter, nodes);
    }

    /**
     * The plan for keys whose remaining TTLs are {@code ttls} (ms) and whose new TTLs are
     * {@code newTtls} (same order; only the first {@code changed} entries of both count).
     */
    public static JitterPlan of(JitterSpread spread, long matched, long withoutTtl, long[] ttls, long[] newTtls,
            int changed, TtlAuditRules rules) {
        long[] before = java.util.Arrays.copyOf(ttls, changed);
        long[] after = java.util.Arrays.copyOf(newTtls, changed);
        java.util.Arrays.sort(before);
        java.util.Arrays.sort(after);
        long horizon = Math.max(1, Math.max(changed == 0 ? 0 : before[changed - 1], changed == 0 ? 0 : after[changed - 1]));
        long median = changed == 0 ? 0 : before[changed / 2];
        long window = rules.windowFor(median);
        return new JitterPlan(spread.percent(), matched, withoutTtl, changed,
                ExpiryHistogram.of(before, changed, horizon, rules.buckets()),
                ExpiryHistogram.of(after, changed, horizon, rules.buckets()), window,
                ExpiryClusters.peak(before, changed, window), ExpiryClusters.peak(after, changed, window));
    }
}
