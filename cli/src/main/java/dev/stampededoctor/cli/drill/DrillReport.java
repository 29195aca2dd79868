package dev.stampededoctor.cli.drill;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The drill's JSON report: what ran where, each run's measurements, with {@code --compare} the
 * side-by-side of the unmitigated and the mitigated run, and whether cleanup removed everything.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DrillReport(Setup drill, List<DrillResult> runs, Comparison comparison, Cleanup cleanup) {

    public record Setup(String redis, String postgres, String scenario, String mitigation, boolean compare, int clients,
            String connections, int processes, long durationMs, long ttlMs, int keys, long rebuildMs, double jitterPercent) {
    }

    /**
     * {@code --compare}: the mitigation's run against the unmitigated one. {@code predictedQueries}
     * is what {@code simulate} predicted, from the unmitigated run's capture, for the mitigation.
     */
    public record Comparison(String mitigation, long unmitigatedQueries, long mitigatedQueries, Long predictedQueries,
            Integer unmitigatedPeakConcurrent, Integer mitigatedPeakConcurrent, boolean unmitigatedHealthy,
            boolean mitigatedHealthy, String conclusion) {
    }

    public record Cleanup(boolean complete, List<String> problems) {
    }
}
