package dev.stampededoctor.detectors.simulate;

/** The capture's time span cut into equal buckets, for rebuilds over time. */
record TimeAxis(long startMicros, long bucketMicros, int buckets) {
    /** At most this many buckets: a chart line fits a terminal beside the policy's name. */
    static final int MAX_BUCKETS = 48;
    private static final long[] STEPS = {1, 2, 5};

    /** Buckets of a round size (1, 2 or 5 × 10ⁿ ms) covering {@code [first, last]}. */
    static TimeAxis over(long first, long last) {
        long span = Math.max(0, last - first);
        long bucket = 1_000;
        for (long scale = 1_000; ; scale *= 10) {
            boolean found = false;
            for (long step : STEPS) {
                bucket = step * scale;
                if (span / bucket < MAX_BUCKETS) {
                    found = true;
                    break;
                }
            }
            if (found) {
                break;
            }
        }
        return new TimeAxis(first, bucket, (int) (span / bucket) + 1);
    }

    int bucket(long at) {
        long b = (at - startMicros) / bucketMicros;
        return (int) Math.max(0, Math.min(buckets - 1, b));
    }
}
