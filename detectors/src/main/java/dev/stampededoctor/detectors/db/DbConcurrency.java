package dev.stampededoctor.detectors.db;

import dev.stampededoctor.detectors.report.TrafficTimeline;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/**
 * Active queries in PostgreSQL per interval, on the grid of the capture's timeline so the two
 * line up: per bucket the most active client backends any sample in it saw; a bucket between two
 * samples keeps the earlier sample's count; -1 before the first sample and after the last.
 *
 * @param bucketMs      as {@code stats.timeline.bucketMs} (or 10 ms doubled to fit 240 buckets without one)
 * @param start         epoch seconds, as {@code stats.timeline.start} (or the first sample)
 * @param activeQueries per bucket, -1 where no sample covers it
 */
public record DbConcurrency(double bucketMs, BigDecimal start, int[] activeQueries) {
    private static final int MAX_BUCKETS = 240;

    /** The samples on {@code grid}'s buckets (null grid: a grid of their own); null without samples. */
    public static DbConcurrency of(List<DbSample> samples, TrafficTimeline grid) {
        if (samples.isEmpty()) {
            return null;
        }
        long first = samples.stream().mapToLong(DbSample::at).min().orElseThrow();
        long last = samples.stream().mapToLong(DbSample::at).max().orElseThrow();
        long startMicros;
        long bucketMicros;
        int buckets;
        if (grid != null) {
            startMicros = grid.start().movePointRight(6).longValueExact();
            bucketMicros = Math.round(grid.bucketMs() * 1000);
            buckets = grid.reads().length;
        } else {
            startMicros = first;
            bucketMicros = 10_000;
            while ((last - first) / bucketMicros >= MAX_BUCKETS) {
                bucketMicros *= 2;
            }
            buckets = (int) ((last - first) / bucketMicros) + 1;
        }
        int[] active = new int[buckets];
        Arrays.fill(active, -1);
        List<DbSample> ordered = samples.stream().sorted((a, b) -> Long.compare(a.at(), b.at())).toList();
        int previous = -1;
        int filledTo = -1;
        for (DbSample s : ordered) {
            int b = (int) Math.floorDiv(s.at() - startMicros, bucketMicros);
            if (b >= buckets) {
                break;
            }
            // Buckets since the last sample kept its count.
            for (int k = Math.max(0, filledTo + 1); k < b; k++) {
                active[k] = previous;
            }
            if (b >= 0) {
                active[b] = Math.max(active[b], s.rows().size());
                filledTo = Math.max(filledTo, b);
            }
            previous = s.rows().size();
        }
        return new DbConcurrency(bucketMicros / 1000.0, BigDecimal.valueOf(startMicros, 6), active);
    }
}
