package dev.stampededoctor.detectors.ttl;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What {@code ttl-audit} found for one inferred key pattern.
 *
 * @param keys         keys of the pattern scanned (with or without a TTL)
 * @param withoutTtl   keys that never expire
 * @param ttl          remaining TTLs of the others, null when none has one
 * @param distinctTtls distinct remaining TTLs in whole seconds (1 hints at keys written together)
 * @param expiries     when the keys with a TTL expire
 * @param clusters     largest first; see {@link ExpiryClusters} for the rule
 * @param recommendation null unless {@code clustered}
 * @param types        keys per Redis type; only when asked for ({@code --types})
 * @param memoryBytes  MEMORY USAGE of all the pattern's keys; only when asked for ({@code --memory})
 * @param nodes        keys per cluster node ({@code host:port}); only when several nodes were audited
 */
public record PatternTtlReport(String pattern, long keys, long withoutTtl, TtlQuantiles ttl, int distinctTtls,
        ExpiryHistogram expiries, boolean clustered, List<ExpiryCluster> clusters,
        JitterRecommendation recommendation, @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Long> types,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long memoryBytes,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Long> nodes) {
}
