package dev.stampededoctor.detectors.report;

import java.util.List;

/**
 * Events that share one cause, as one finding: one command line or one client's burst of
 * invalidations that removed several keys, the same keys herding again and again, or a pattern's
 * keys expiring together. See {@code docs/report-schema.md}.
 *
 * @param rank              1 is the worst (most redundant rebuilds)
 * @param kind              the kind of its events ({@code invalidation-stampede}, {@code ttl-herd},
 *                          {@code unexplained-stampede}, {@code coalesced-refill})
 * @param alarm             true when it is a problem (any of its events is an alarm)
 * @param node              the node of its events ({@code host:port}) when the capture holds several nodes';
 *                          null (absent from JSON) for one server, and when its events are on several nodes
 * @param trigger           the trigger of its first event
 * @param events            indexes into the report's {@code events}
 * @param keyCount          distinct keys it hit
 * @param keys              the first of those keys (at most 20)
 * @param keyPatterns       their patterns
 * @param misses            misses over its events
 * @param rebuilds          rebuilds over its events
 * @param redundantRebuilds rebuilds beyond one per key and occurrence: the work a fix saves
 * @param rebuildMs         the median rebuild time its events show (miss to refill); null when none refilled
 * @param wastedDbMs        database time of those redundant rebuilds, when PostgreSQL was sampled; else null
 * @param recurrence        null when it happened once
 * @param adviceRankedBy    {@code replay} when the fixes are ordered by replaying the incident's traffic
 *                          under each policy (as {@code simulate} does), {@code rule} when by cause alone
 *                          (the capture could not be read again)
 * @param replayedAsIs      the replay's baseline: the incident's traffic as it was; null without a replay
 */
public record Incident(int rank, String kind, boolean alarm,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        String node,
        Trigger trigger, List<Integer> events, int keyCount,
        List<String> keys, List<String> keyPatterns, long misses, long rebuilds, long redundantRebuilds,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        Double rebuildMs,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        Double wastedDbMs,
        Recurrence recurrence, List<Diagnosis> diagnoses, List<Recommendation> recommendations, String adviceRankedBy,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        ReplayFigures replayedAsIs) {

    public Incident withRank(int rank) {
        return new Incident(rank, kind, alarm, node, trigger, events, keyCount, keys, keyPatterns, misses, rebuilds,
                redundantRebuilds, rebuildMs, wastedDbMs, recurrence, diagnoses, recommendations, adviceRankedBy, replayedAsIs);
    }

    /** This incident with its fixes ordered by a replay whose baseline was {@code asIs}. */
    public Incident withReplayedAdvice(List<Recommendation> ranked, ReplayFigures asIs) {
        return new Incident(rank, kind, alarm, node, trigger, events, keyCount, keys, keyPatterns, misses, rebuilds,
                redundantRebuilds, rebuildMs, wastedDbMs, recurrence, diagnoses, List.copyOf(ranked), "replay", asIs);
    }

    public Incident withWastedDbMs(Double wastedDbMs) {
        return new Incident(rank, kind, alarm, node, trigger, events, keyCount, keys, keyPatterns, misses, rebuilds,
                redundantRebuilds, rebuildMs, wastedDbMs, recurrence, diagnoses, recommendations, adviceRankedBy, replayedAsIs);
    }
}
