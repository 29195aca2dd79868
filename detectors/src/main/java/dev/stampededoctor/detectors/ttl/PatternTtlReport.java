package dev.stampededoctor.detectors.ttl;

import java.util.List;

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
 */
public record PatternTtlReport(String pattern, long keys, long withoutTtl, TtlQuantiles ttl, int distinctTtls,
        ExpiryHistogram expiries, boolean clustered, List<ExpiryCluster> clusters,
        JitterRecommendation recommendation) {
}
