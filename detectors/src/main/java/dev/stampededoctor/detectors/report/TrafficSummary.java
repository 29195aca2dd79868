package dev.stampededoctor.detectors.report;

import java.util.List;

/**
 * What the traffic did to the cache, in total and per key pattern. Counts are per key: an MGET
 * of three keys is three reads. {@code connections} are distinct client connections ({@code ip:port}),
 * {@code hosts} their distinct IPs.
 */
public record TrafficSummary(
        long distinctKeys,
        boolean keyLimitReached,
        long connections,
        long hosts,
        long reads,
        long fills,
        long invalidations,
        long ttlChanges,
        long flushes,
        long transactions,
        long scriptCalls,
        long otherCommands,
        List<PatternStats> patterns,
        long patternsOmitted,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        TrafficTimeline timeline) {
}
