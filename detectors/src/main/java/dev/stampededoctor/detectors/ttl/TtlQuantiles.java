package dev.stampededoctor.detectors.ttl;

/** Remaining TTLs in milliseconds: nearest-rank percentiles of the keys that have one. */
public record TtlQuantiles(long min, long p50, long p90, long p99, long max) {

    /** The quantiles of the first {@code n} entries of {@code sorted}, or null when there are none. */
    static TtlQuantiles of(long[] sorted, int n) {
        if (n == 0) {
            return null;
        }
        return new TtlQuantiles(sorted[0], rank(sorted, n, 50), rank(sorted, n, 90), rank(sorted, n, 99), sorted[n - 1]);
    }

    private static long rank(long[] sorted, int n, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * n) - 1;
        return sorted[Math.max(0, Math.min(n - 1, index))];
    }
}
