package dev.stampededoctor.detectors.db;

/**
 * Identical queries running together with no cache event to explain them: from {@code from} to
 * {@code to} (epoch seconds), at most {@code peakConcurrent} at once.
 */
public record DbBurst(String query, Long queryId, double from, double to, int peakConcurrent) {
}
