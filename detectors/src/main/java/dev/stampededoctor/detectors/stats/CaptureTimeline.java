package dev.stampededoctor.detectors.stats;

import dev.stampededoctor.detectors.ops.KeyOpKind;
import dev.stampededoctor.detectors.report.TrafficTimeline;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * Reads, misses and fills per interval over the whole capture, in a fixed number of buckets:
 * it starts at {@link #FIRST_BUCKET_MICROS} per bucket and, whenever the capture outgrows the
 * buckets, merges them pairwise (doubling their width), so memory stays at {@link #BUCKETS}
 * buckets whatever the capture's length. Fed on the key-operation thread: {@link #count} by the
 * pipe's second stage, {@link #miss} by the detector's episodes (only they know a read missed).
 *
 * <p>The hot path is one array increment per operation: timestamps arrive nearly in order, so
 * the current bucket's bounds are kept and a division is needed only when an operation leaves it.
 */
public final class CaptureTimeline {
    /** An even number, so that pairwise merging halves it exactly. */
    static final int BUCKETS = 240;
    static final long FIRST_BUCKET_MICROS = 10_000;

    private final long[] reads = new long[BUCKETS];
    private final long[] misses = new long[BUCKETS];
    private final long[] fills = new long[BUCKETS];
    private long origin = Long.MIN_VALUE;
    private long bucketMicros = FIRST_BUCKET_MICROS;
    /** Buckets in use: one past the latest that counted anything. */
    private int used;
    /** The bucket the last operation fell in, and its bounds [from, to) in µs. */
    private int current;
    private long currentFrom = Long.MAX_VALUE;
    private long currentTo = Long.MIN_VALUE;

    /**
     * Counts one key operation at {@code at} (µs): reads (hits and misses alike) and fills; other
     * kinds carry no series here. Called from the statistics' own pass over each batch.
     */
    void op(KeyOpKind kind, long at) {
        if (kind == KeyOpKind.READ) {
            reads[bucket(at)]++;
        } else if (kind == KeyOpKind.FILL) {
            fills[bucket(at)]++;
        }
    }

    /** A read at {@code at} (µs) that missed; it may come after later operations (a miss found in hindsight). */
    public void miss(long at) {
        misses[bucket(at)]++;
    }

    private int bucket(long at) {
        if (at >= currentFrom && at < currentTo) {
            return current;
        }
        if (origin == Long.MIN_VALUE) {
            origin = at;
        }
        long b = Math.floorDiv(at - origin, bucketMicros);
        if (b < 0) {
            return 0; // stamped before the first operation (out of order): counted in the first bucket
        }
        while (b >= BUCKETS) {
            mergePairs();
            b = Math.floorDiv(at - origin, bucketMicros);
        }
        current = (int) b;
        currentFrom = origin + b * bucketMicros;
        currentTo = currentFrom + bucketMicros;
        used = Math.max(used, current + 1);
        return current;
    }

    private void mergePairs() {
        for (long[] series : new long[][] {reads, misses, fills}) {
            for (int i = 0; i < BUCKETS / 2; i++) {
                series[i] = series[2 * i] + series[2 * i + 1];
            }
            Arrays.fill(series, BUCKETS / 2, BUCKETS, 0);
        }
        bucketMicros *= 2;
        used = (used + 1) / 2;
    }

    /** The series as the report carries them, trimmed after the last busy bucket; null when nothing was counted. */
    public TrafficTimeline summary() {
        if (origin == Long.MIN_VALUE) {
            return null;
        }
        return new TrafficTimeline(bucketMicros / 1000.0, BigDecimal.valueOf(origin, 6), Arrays.copyOf(reads, used),
                Arrays.copyOf(misses, used), Arrays.copyOf(fills, used));
    }
}
