package dev.stampededoctor.detectors.report;

/** Traffic on the keys of one inferred pattern in one db. {@code keys} counts distinct keys. */
public record PatternStats(int db, String pattern, long keys, long reads, long fills, long invalidations,
        long ttlChanges) {

    public long total() {
        return reads + fills + invalidations + ttlChanges;
    }
}
