package dev.stampededoctor.detectors.ttl;

import java.util.ArrayList;
import java.util.List;

/**
 * The expiry-cluster rule of {@code ttl-audit}: windows in which an unusually large share of a
 * pattern's keys expire together.
 *
 * <p>A cache filled by steady traffic with one TTL {@code T} has remaining TTLs spread evenly over
 * {@code [0, T]}: its keys expire at an even rate. So the baseline is that even rate over the
 * pattern's horizon {@code H} (its longest remaining TTL): {@code keys × W / H} expiries per window
 * of width {@code W}. A window is <em>hot</em> when it holds at least {@code minClusterKeys}
 * expiries and at least {@code clusterFactor} times the baseline (defaults 20 and 10×);
 * overlapping hot windows merge into one cluster. {@code W} is a hundredth of the median remaining
 * TTL in whole seconds, between 1 s and 60 s, unless given.
 *
 * <p>Why 10×: keys written all at once with TTLs jittered by ±10 % expire over a fifth of the
 * TTL, which is 5.5× the baseline; ±5 % is 10.5×. Keys written at once with one TTL expire
 * within a window or two: hundreds of times the baseline.
 */
public final class ExpiryClusters {
    static final long MIN_AUTO_WINDOW_MILLIS = 1_000;
    static final long MAX_AUTO_WINDOW_MILLIS = 60_000;

    private ExpiryClusters() {
    }

    /**
     * A run of hot windows: keys expiring from {@code startMillis} to {@code endMillis} (remaining
     * TTL, both inclusive), {@code peakKeys} of them in the densest window.
     */
    public record Cluster(long startMillis, long endMillis, int keys, int peakKeys) {
    }

    /** The expiries a window must hold to be hot. */
    static int threshold(int keys, long horizonMillis, long windowMillis, TtlAuditRules rules) {
        double baseline = (double) keys * windowMillis / Math.max(horizonMillis, windowMillis);
        return (int) Math.max(rules.minClusterKeys(), Math.ceil(rules.clusterFactor() * baseline));
    }

    /** The most expiries any window of width {@code windowMillis} holds; {@code ttls} sorted. */
    static int peak(long[] ttls, int n, long windowMillis) {
        int best = 0;
        for (int from = 0, to = 0; from < n; from++) {
            while (to < n && ttls[to] < ttls[from] + windowMillis) {
                to++;
            }
            best = Math.max(best, to - from);
        }
        return best;
    }

    /**
     * The clusters among the first {@code n} entries of {@code ttls} (remaining TTLs in ms,
     * sorted ascending), largest first.
     */
    public static List<Cluster> find(long[] ttls, int n, long windowMillis, TtlAuditRules rules) {
        List<Cluster> clusters = new ArrayList<>();
        if (n < rules.minClusterKeys()) {
            return clusters;
        }
        int threshold = threshold(n, ttls[n - 1], windowMillis, rules);
        int clusterFrom = -1;
        int clusterTo = -1;
        int clusterPeak = 0;
        for (int from = 0, to = 0; from < n; from++) {
            while (to < n && ttls[to] < ttls[from] + windowMillis) {
                to++;
            }
            int count = to - from;
            if (count < threshold) {
                continue;
            }
            if (clusterFrom >= 0 && from < clusterTo) {
                clusterTo = Math.max(clusterTo, to);
                clusterPeak = Math.max(clusterPeak, count);
            } else {
                if (clusterFrom >= 0) {
                    clusters.add(cluster(ttls, clusterFrom, clusterTo, clusterPeak));
                }
                clusterFrom = from;
                clusterTo = to;
                clusterPeak = count;
            }
        }
        if (clusterFrom >= 0) {
            clusters.add(cluster(ttls, clusterFrom, clusterTo, clusterPeak));
        }
        clusters.sort((a, b) -> Integer.compare(b.keys(), a.keys()));
        return clusters;
    }

    private static Cluster cluster(long[] ttls, int from, int to, int peak) {
        return new Cluster(ttls[from], ttls[to - 1], to - from, peak);
    }
}
