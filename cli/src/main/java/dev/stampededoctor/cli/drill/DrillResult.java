package dev.stampededoctor.cli.drill;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What one drill run measured. See {@code docs/report-schema.md#drill}.
 *
 * @param addressesScenario     whether the mitigation removes the scenario's cause at all
 * @param backendQueries        rebuild queries the clients sent to PostgreSQL
 * @param peakConcurrentQueries most rebuild queries active at once in {@code pg_stat_activity}
 *                              (sampled every 10 ms); null when it could not be sampled
 * @param statementCalls        calls of the rebuild query in {@code pg_stat_statements} during the run,
 *                              when the extension is installed; else null
 * @param triggers              when the scenario's triggers fired (epoch seconds; for TTL scenarios, the
 *                              first expiry)
 * @param predicted             what {@code simulate} makes of this run's own MONITOR capture, per policy
 * @param connections           {@code pooled} (a Redis connection per client thread) or {@code shared}
 *                              (one per process, shared by its threads)
 * @param processes             how many processes the client threads were split over (1 when pooled)
 * @param sharedConnections     under {@code shared}, each process's connection as MONITOR shows it
 *                              ({@code ip:port}); else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DrillResult(
        String scenario,
        String mitigation,
        boolean addressesScenario,
        int clients,
        String connections,
        int processes,
        List<String> sharedConnections,
        long durationMs,
        String keyPrefix,
        int keys,
        long reads,
        long misses,
        long backendQueries,
        long staleReads,
        Integer peakConcurrentQueries,
        Long statementCalls,
        Latency readLatencyMs,
        List<java.math.BigDecimal> triggers,
        Verdict verdict,
        Prediction predicted,
        List<String> notes) {

    /** Read latency quantiles and the maximum, ms, from 5 %-wide buckets (a miss's wait shows in p999 and max). */
    public record Latency(double p50, double p99, double p999, double max, long samples) {
    }

    /**
     * The detectors' verdict on the run's own MONITOR stream, read live: {@code healthy} when no
     * stampede or herd was found on the drill's keys.
     */
    public record Verdict(boolean healthy, List<String> kinds, List<Finding> events) {
    }

    /** One event the detectors reported on the drill's keys. */
    public record Finding(String kind, String key, String keyPattern, Long keys, long misses, long rebuilds,
            java.math.BigDecimal triggerAt, double confidence) {
    }

    /** {@code simulate} on this run's capture. */
    public record Prediction(double rebuildMs, List<PolicyPrediction> policies) {
        public Long rebuilds(String policy) {
            return policies.stream().filter(p -> p.policy().equals(policy)).map(PolicyPrediction::rebuilds)
                    .findFirst().orElse(null);
        }
    }

    public record PolicyPrediction(String policy, String parameters, long rebuilds, int peakConcurrentRebuilds) {
    }
}
