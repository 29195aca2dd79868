package dev.stampededoctor.detectors.report;

/**
 * One cache event found by a detector: a stampede, a herd, or an informational finding. The
 * detectors that fill this list arrive with the detection engine; until then it stays empty.
 */
public record CacheEvent(String kind, int db, String key, String keyPattern) {

    /** Informational kinds (healthy coalescing) never count as problems. */
    public boolean isAlarm() {
        return kind.equals("invalidation-stampede") || kind.equals("ttl-herd");
    }
}
