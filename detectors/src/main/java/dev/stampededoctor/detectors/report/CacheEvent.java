package dev.stampededoctor.detectors.report;

import java.util.List;

/**
 * One cache event: a stampede, a herd, or an informational finding. See
 * {@code docs/report-schema.md} for every field.
 *
 * @param kind            {@code invalidation-stampede}, {@code ttl-herd}, {@code unexplained-stampede}, or an informational kind
 *                        such as {@code coalesced-refill}
 * @param key             the key as text (see "Keys as text"); null for a pattern-level event
 * @param keyPattern      the key's inferred glob, usable with {@code SCAN MATCH}
 * @param node            the node whose capture shows the event ({@code host:port}) when the capture
 *                        holds several nodes' (merged by timestamp); null (absent from JSON) for one
 *                        server, and for an event over keys of several nodes
 * @param keys            for a pattern-level event, how many keys expired in the window; else null
 * @param confidence      0 to 1: how sure the classification is; {@code evidence.reasons} says why
 */
public record CacheEvent(
        String kind,
        String key,
        String keyPattern,
        int db,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        String node,
        Trigger trigger,
        long misses,
        String missSource,
        long rebuilds,
        Long keys,
        double confidence,
        Evidence evidence,
        List<Recommendation> recommendations,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        dev.stampededoctor.detectors.db.DbCorrelation dbCorrelation) {

    public CacheEvent(String kind, String key, String keyPattern, int db, Trigger trigger, long misses,
            String missSource, long rebuilds, Long keys, double confidence, Evidence evidence,
            List<Recommendation> recommendations) {
        this(kind, key, keyPattern, db, null, trigger, misses, missSource, rebuilds, keys, confidence, evidence,
                recommendations, null);
    }

    /** This event as seen on {@code node} ({@code host:port}; null: one server). */
    public CacheEvent withNode(String node) {
        return new CacheEvent(kind, key, keyPattern, db, node, trigger, misses, missSource, rebuilds, keys, confidence,
                evidence, recommendations, dbCorrelation);
    }

    /** Misses every one of which a reply showed (a packet capture). */
    public static final String MISSES_FROM_REPLIES = "reply";
    /** Misses judged from the commands alone (MONITOR, keyspace events, or replies not paired). */
    public static final String MISSES_INFERRED = "inferred";

    /** {@link #MISSES_FROM_REPLIES} when replies showed all {@code misses}, else {@link #MISSES_INFERRED}; null without misses. */
    public static String missSource(long misses, long fromReplies) {
        return misses == 0 ? null : fromReplies >= misses ? MISSES_FROM_REPLIES : MISSES_INFERRED;
    }

    /** This event with what the database did during it. */
    public CacheEvent withDbCorrelation(dev.stampededoctor.detectors.db.DbCorrelation correlation) {
        return new CacheEvent(kind, key, keyPattern, db, node, trigger, misses, missSource, rebuilds, keys, confidence,
                evidence, recommendations, correlation);
    }

    public static final String INVALIDATION_STAMPEDE = "invalidation-stampede";
    public static final String TTL_HERD = "ttl-herd";
    /** A stampede whose trigger the capture does not show and whose evidence does not make it a TTL herd. */
    public static final String UNEXPLAINED_STAMPEDE = "unexplained-stampede";
    public static final String COALESCED_REFILL = "coalesced-refill";

    /** Informational kinds (healthy coalescing) never count as problems. */
    public boolean isAlarm() {
        return kind.equals(INVALIDATION_STAMPEDE) || kind.equals(TTL_HERD) || kind.equals(UNEXPLAINED_STAMPEDE);
    }

    /** This event as another kind (an unknown trigger the incident's recurrence explains), with a reason more. */
    public CacheEvent asKind(String newKind, String reason, double newConfidence, List<Recommendation> advice) {
        List<String> reasons = new java.util.ArrayList<>(evidence.reasons());
        reasons.add(reason);
        Evidence e = evidence.withReasons(List.copyOf(reasons));
        return new CacheEvent(newKind, key, keyPattern, db, node, trigger, misses, missSource, rebuilds, keys, newConfidence,
                e, advice, dbCorrelation);
    }
}
