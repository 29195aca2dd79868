package dev.stampededoctor.detectors.report;

/**
 * How often an incident's episodes came back on the same keys.
 *
 * @param count         episodes (occurrences) in the capture
 * @param periodSeconds median time from one occurrence's trigger to the next
 * @param matchesTtl    true when that period is the keys' own TTL (plus the rebuild that refills
 *                      them): the sawtooth of a TTL herd; null when no TTL is known
 */
public record Recurrence(int count, double periodSeconds, Boolean matchesTtl) {
}
