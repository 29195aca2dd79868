package dev.stampededoctor.detectors.report;

import java.math.BigDecimal;

/**
 * A key that has not stampeded yet but will: read so often that, the next time it expires or is
 * deleted, the reads arriving during one rebuild each miss and rebuild.
 *
 * @param key                 the key as text
 * @param keyPattern          its pattern
 * @param readsPerSecond      its read rate over the capture while it was present
 * @param rebuildMs           the rebuild time used (its own, its pattern's, or the capture's median)
 * @param predictedRebuilds   reads per second × rebuild time: rebuilds the next miss window brings
 * @param ttlSeconds          its TTL when known, else null
 * @param nextExpiryAt        when it expires next (epoch seconds, from the capture's TTL commands or
 *                            PTTL), else null
 * @param nextExpiryTime      {@code nextExpiryAt} as ISO-8601 UTC
 */
public record LatentRisk(String key, String keyPattern, int db, double readsPerSecond, double rebuildMs,
        long predictedRebuilds, Double ttlSeconds, BigDecimal nextExpiryAt, String nextExpiryTime) {
}
