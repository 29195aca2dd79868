package dev.stampededoctor.detectors.ttl;

/**
 * The thresholds of the expiry-cluster rule (see {@link ExpiryClusters}).
 *
 * @param minClusterKeys a window must hold at least this many expiries
 * @param clusterFactor  … and at least this many times the pattern's average expiries per window
 * @param windowMillis   the window width; 0 picks it per pattern from its median TTL
 * @param buckets        how many bars the expiry histogram has
 */
public record TtlAuditRules(int minClusterKeys, double clusterFactor, long windowMillis, int buckets) {
    public static final int DEFAULT_MIN_CLUSTER_KEYS = 20;
    public static final double DEFAULT_CLUSTER_FACTOR = 10;
    public static final int DEFAULT_BUCKETS = 48;

    public TtlAuditRules {
        if (minClusterKeys < 2) {
            throw new IllegalArgumentException("the minimum cluster size must be at least 2, not " + minClusterKeys);
        }
        if (!(clusterFactor >= 1)) {
            throw new IllegalArgumentException("the cluster factor must be at least 1, not " + clusterFactor);
        }
        if (windowMillis < 0) {
            throw new IllegalArgumentException("the window must not be negative");
        }
        if (buckets < 1 || buckets > 1000) {
            throw new IllegalArgumentException("the histogram needs 1 to 1000 buckets, not " + buckets);
        }
    }

    public static TtlAuditRules defaults() {
        return new TtlAuditRules(DEFAULT_MIN_CLUSTER_KEYS, DEFAULT_CLUSTER_FACTOR, 0, DEFAULT_BUCKETS);
    }

    /** The window for a pattern whose median remaining TTL is {@code medianTtlMillis}. */
    public long windowFor(long medianTtlMillis) {
        if (windowMillis > 0) {
            return windowMillis;
        }
        // Whole seconds, so that reports read well.
        long window = Math.round(medianTtlMillis / 100 / 1000.0) * 1000;
        return Math.max(ExpiryClusters.MIN_AUTO_WINDOW_MILLIS, Math.min(ExpiryClusters.MAX_AUTO_WINDOW_MILLIS, window));
    }
}
