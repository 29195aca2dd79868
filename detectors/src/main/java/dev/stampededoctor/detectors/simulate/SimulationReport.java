package dev.stampededoctor.detectors.simulate;

import java.util.List;

/**
 * The result of {@code simulate}: the capture replayed under each policy. Serialised as
 * documented in {@code docs/report-schema.md#simulate}; field names are the JSON names.
 *
 * @param input           what was read
 * @param rebuildMs       the rebuild time every simulated rebuild takes
 * @param rebuildMsSource {@code capture} (the median miss-to-refill time of the capture's rebuilds),
 *                        {@code option} ({@code --rebuild-ms}) or {@code default} (no rebuild to measure)
 * @param observed        the capture's own figures, which {@code as-is} should reproduce
 * @param timeline        the buckets of each policy's {@code rebuildsPerBucket}
 * @param policies        one result per policy, {@code as-is} first
 * @param recommended     the policy to apply first
 */
public record SimulationReport(SimulatedInput input, double rebuildMs, String rebuildMsSource, ObservedRebuilds observed,
        SimulationTimeline timeline, List<PolicyResult> policies, FirstChoice recommended) {
}
