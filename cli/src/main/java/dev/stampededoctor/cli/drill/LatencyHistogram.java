package dev.stampededoctor.cli.drill;

/**
 * Read latencies in logarithmic buckets 5 % wide, from 1 µs to about 20 minutes: fixed memory
 * however long the drill runs. One per client thread (not thread-safe); merged at the end.
 * Quantiles are a bucket's upper bound, so at most 5 % high.
 */
public final class LatencyHistogram {
    private static final double BASE = 1.05;
    private static final int BUCKETS = (int) Math.ceil(Math.log(1.2e9) / Math.log(BASE)) + 1;
    private final long[] counts = new long[BUCKETS];
    private long total;

    public void record(long nanos) {
        long micros = Math.max(1, nanos / 1000);
        int bucket = (int) Math.min(BUCKETS - 1, Math.ceil(Math.log(micros) / Math.log(BASE)));
        counts[bucket]++;
        total++;
    }

    public void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    public long count() {
        return total;
    }

    /** The latency at quantile {@code q} (0 to 1), in milliseconds; 0 when nothing was recorded. */
    public double quantileMillis(double q) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.pow(BASE, i) / 1000.0;
            }
        }
        return Math.pow(BASE, BUCKETS - 1) / 1000.0;
    }
}
