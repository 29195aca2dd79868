package dev.stampededoctor.detectors.ttl;

/**
 * How many keys expire in each {@code bucketMs} slice of the coming {@code horizonMs} (remaining
 * TTL, from the end of the scan).
 */
public record ExpiryHistogram(long horizonMs, long bucketMs, int[] counts) {

    /** The histogram of the first {@code n} TTLs over {@code [0, horizonMs]} in {@code buckets} bars. */
    static ExpiryHistogram of(long[] ttls, int n, long horizonMs, int buckets) {
        long bucket = Math.max(1, (horizonMs + buckets - 1) / buckets);
        int[] counts = new int[buckets];
        for (int i = 0; i < n; i++) {
            counts[(int) Math.min(buckets - 1, ttls[i] / bucket)]++;
        }
        return new ExpiryHistogram(bucket * buckets, bucket, counts);
    }
}
