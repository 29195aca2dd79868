package dev.stampededoctor.detectors.report;

/**
 * Traffic on the keys of one inferred pattern in one db. {@code keys} counts distinct keys.
 *
 * @param misses   reads the detector judged misses (as its episodes count them: reads of a missing
 *                 or expired key, and reads of a not-yet-known key that the same connection then
 *                 rebuilt), at most {@code reads}
 * @param hitRatio {@code (reads - misses) / reads}, to four decimals; null without reads
 */
public record PatternStats(int db, String pattern, long keys, long reads, long misses, Double hitRatio, long fills,
        long invalidations, long ttlChanges) {

    /** The counts of a pattern, its hit ratio worked out from {@code reads} and {@code misses}. */
    public static PatternStats of(int db, String pattern, long keys, long reads, long misses, long fills,
            long invalidations, long ttlChanges) {
        long m = Math.max(0, Math.min(misses, reads));
        return new PatternStats(db, pattern, keys, reads, m, hitRatio(reads, m), fills, invalidations, ttlChanges);
    }

    /** {@code (reads - misses) / reads} to four decimals; null when {@code reads} is 0. */
    public static Double hitRatio(long reads, long misses) {
        return reads == 0 ? null : Math.round((reads - misses) * 1e4 / reads) / 1e4;
    }

    public long total() {
        return reads + fills + invalidations + ttlChanges;
    }
}
