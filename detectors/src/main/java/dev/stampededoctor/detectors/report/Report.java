package dev.stampededoctor.detectors.report;

import java.util.List;

/**
 * The result of an analysis: what was read, what the traffic did to the cache, and the cache
 * events found. Serialised as documented in {@code docs/report-schema.md}; field names are the
 * JSON names.
 */
public record Report(int reportVersion, InputSummary input, TrafficSummary stats, List<CacheEvent> events,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        LiveSummary live) {
    /** Bumped only when a field changes meaning or disappears; new fields do not bump it. */
    public static final int VERSION = 1;

    /** A report of a recorded capture: no live section. */
    public Report(int reportVersion, InputSummary input, TrafficSummary stats, List<CacheEvent> events) {
        this(reportVersion, input, stats, events, null);
    }

    /** This report with what a live attach saw besides the MONITOR stream. */
    public Report withLive(LiveSummary live) {
        return new Report(reportVersion, input, stats, events, live);
    }

    public boolean foundProblems() {
        return events.stream().anyMatch(CacheEvent::isAlarm);
    }
}
