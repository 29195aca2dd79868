package dev.stampededoctor.cli.drill;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.stampededoctor.detectors.report.Target;
import java.util.List;

/**
 * The drill's JSON report: what ran where, each run's measurements, with {@code --compare} the
 * side-by-side of the unmitigated and the mitigated run, and whether cleanup removed everything.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DrillReport(int reportVersion, String generatedAt, Target target, Setup drill, List<DrillResult> runs,
        Comparison comparison, Cleanup cleanup) {
    /** Bumped when a field changes meaning or disappears; new fields do not bump it. */
    public static final int VERSION = 1;

    /** A report not yet stamped (no {@code generatedAt}, no {@code target}). */
    public DrillReport(Setup drill, List<DrillResult> runs, Comparison comparison, Cleanup cleanup) {
        this(VERSION, null, null, drill, runs, comparison, cleanup);
    }

    /** This report stamped with when it was made and what it describes. */
    public DrillReport withTarget(Target target, String generatedAt) {
        return new DrillReport(reportVersion, generatedAt, target, drill, runs, comparison, cleanup);
    }

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
