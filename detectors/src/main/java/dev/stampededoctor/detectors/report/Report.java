package dev.stampededoctor.detectors.report;

import java.util.List;

/**
 * The result of an analysis: what was read, what the traffic did to the cache, and the cache
 * events found. Serialised as documented in {@code docs/report-schema.md}; field names are the
 * JSON names.
 */
public record Report(int reportVersion, InputSummary input, TrafficSummary stats, List<CacheEvent> events) {
    /** Bumped only when a field changes meaning or disappears; new fields do not bump it. */
    public static final int VERSION = 1;

    public boolean foundProblems() {
        return events.stream().anyMatch(CacheEvent::isAlarm);
    }
}
