package dev.stampededoctor.detectors.simulate;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.stampededoctor.detectors.report.Target;
import java.util.List;

/**
 * The result of {@code simulate}: the capture replayed under each policy. Serialised as
 * documented in {@code docs/report-schema.md#simulate}; field names are the JSON names.
 *
 * @param reportVersion   {@link #VERSION}
 * @param generatedAt     when the document was made (ISO-8601 UTC); null until the CLI stamps it
 * @param target          the capture it describes; null until the CLI names it
 * @param input           what was read
 * @param rebuildMs       the rebuild time every simulated rebuild takes
 * @param rebuildMsSource {@code capture} (the median miss-to-refill time of the capture's rebuilds),
 *                        {@code option} ({@code --rebuild-ms}) or {@code default} (no rebuild to measure)
 * @param observed        the capture's own figures, which {@code as-is} should reproduce
 * @param timeline        the buckets of each policy's {@code rebuildsPerBucket}
 * @param policies        one result per policy, {@code as-is} first
 * @param recommended     the policy to apply first
 */
public record SimulationReport(int reportVersion,
        @JsonInclude(JsonInclude.Include.NON_NULL) String generatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Target target,
        SimulatedInput input, double rebuildMs, String rebuildMsSource, ObservedRebuilds observed,
        SimulationTimeline timeline, List<PolicyResult> policies, FirstChoice recommended) {
    /** Bumped when a field changes meaning or disappears; new fields do not bump it. */
    public static final int VERSION = 1;

    /** A replay's result, not yet stamped. */
    public SimulationReport(SimulatedInput input, double rebuildMs, String rebuildMsSource, ObservedRebuilds observed,
            SimulationTimeline timeline, List<PolicyResult> policies, FirstChoice recommended) {
        this(VERSION, null, null, input, rebuildMs, rebuildMsSource, observed, timeline, policies, recommended);
    }

    /** This report stamped with when it was made and what it describes. */
    public SimulationReport withTarget(Target target, String generatedAt) {
        return new SimulationReport(reportVersion, generatedAt, target, input, rebuildMs, rebuildMsSource, observed,
                timeline, policies, recommended);
    }
}
