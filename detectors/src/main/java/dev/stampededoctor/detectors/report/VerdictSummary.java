package dev.stampededoctor.detectors.report;

/**
 * The report's answer in one object.
 *
 * @param summary   the one sentence the text report starts with
 * @param incidents incidents found (alarms and informational)
 * @param alarms    incidents that are problems
 * @param misses    misses over the alarm incidents
 * @param rebuilds  rebuilds over the alarm incidents
 */
public record VerdictSummary(String summary, int incidents, int alarms, long misses, long rebuilds) {
}
