package dev.stampededoctor.detectors.report;

import java.util.List;

/**
 * The result of an analysis: what was read, what the traffic did to the cache, and the cache
 * events found. Serialised as documented in {@code docs/report-schema.md}; field names are the
 * JSON names.
 */
public record Report(int reportVersion, InputSummary input, TrafficSummary stats, List<CacheEvent> events,
        List<LockUsage> locks,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        LiveSummary live,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        dev.stampededoctor.detectors.db.DatabaseSummary database) {
    /** Bumped only when a field changes meaning or disappears; new fields do not bump it. */
    public static final int VERSION = 2;

    /** A report of a recorded capture: no live section. */
    public Report(int reportVersion, InputSummary input, TrafficSummary stats, List<CacheEvent> events,
            List<LockUsage> locks) {
        this(reportVersion, input, stats, events, locks, null, null);
    }

    /** This report with what a live attach saw besides the MONITOR stream. */
    public Report withLive(LiveSummary live) {
        return new Report(reportVersion, input, stats, events, locks, live, database);
    }

    /**
     * This report with the database's side: each event correlated with the samples, and the
     * bursts no event explains.
     */
    public Report withDatabase(String source, List<dev.stampededoctor.detectors.db.DbSample> samples, double intervalMs,
            List<String> notes, int minBurst,
            List<dev.stampededoctor.detectors.db.DatabaseSummary.StatementCalls> statements) {
        dev.stampededoctor.detectors.db.DbCorrelator correlator = new dev.stampededoctor.detectors.db.DbCorrelator(samples,
                minBurst);
        List<CacheEvent> correlated = events.stream().map(correlator::correlate).toList();
        return new Report(reportVersion, input, stats, correlated, locks, live, new dev.stampededoctor.detectors.db.DatabaseSummary(
                source, samples.size(), intervalMs, List.copyOf(notes), correlator.bursts(events), statements));
    }

    public boolean foundProblems() {
        return events.stream().anyMatch(CacheEvent::isAlarm);
    }
}
