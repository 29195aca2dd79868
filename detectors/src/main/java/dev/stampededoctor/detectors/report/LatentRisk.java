package dev.stampededoctor.detectors.report;

import java.math.BigDecimal;

/**
 * A key that has not stampeded yet but will: read so often that, the next time it expires or is
 * deleted, the reads arriving during one rebuild each miss and rebuild.
 *
 * @param key                 the key as text
 * @param keyPattern          its pattern
 * @param reads               its reads since it was last filled (or, never written in the capture,
 *                            since its first read)
 * @param observedSeconds     the time those reads came in: from the fill (first read) to the capture's end
 * @param readsPerSecond      {@code reads / observedSeconds}
 * @param rebuildMs           the rebuild time used (first miss to first refill)
 * @param rebuildFrom         where it comes from: {@code key} (the key's own last episode),
 *                            {@code pattern} (the median over its pattern's keys) or {@code capture}
 *                            (the median over all keys that were rebuilt)
 * @param predictedRebuilds   floor(reads per second × rebuild time): rebuilds the next miss window brings
 * @param ttlSeconds          its TTL when known, else null
 * @param nextExpiryAt        when it expires next (epoch seconds, from the capture's TTL commands or
 *                            PTTL), else null
 * @param nextExpiryTime      {@code nextExpiryAt} as ISO-8601 UTC
 */
public record LatentRisk(String key, String keyPattern, int db, long reads, double observedSeconds,
        double readsPerSecond, double rebuildMs, String rebuildFrom, long predictedRebuilds, Double ttlSeconds,
        BigDecimal nextExpiryAt, String nextExpiryTime) {
    public static final String FROM_KEY = "key";
    public static final String FROM_PATTERN = "pattern";
    public static final String FROM_CAPTURE = "capture";

    /** This risk with its next expiry learnt otherwise (PTTL at {@code atMicros} said {@code ttlMs}). */
    public LatentRisk withExpiry(long atMicros, long ttlMs) {
        long expiry = atMicros + ttlMs * 1000;
        return new LatentRisk(key, keyPattern, db, reads, observedSeconds, readsPerSecond, rebuildMs, rebuildFrom,
                predictedRebuilds, ttlSeconds, BigDecimal.valueOf(expiry, 6), TimeSpan.iso(expiry));
    }
}
