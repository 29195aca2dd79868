package dev.stampededoctor.detectors.report;

/**
 * What the capture's own traffic on an incident's keys would have cost under one policy, as the
 * simulate engine replays it (the same replay as {@code stampede-doctor simulate}).
 *
 * @param policy                 the simulate policy ({@code as-is}, {@code lock}, {@code xfetch}…)
 * @param rebuilds               backend queries on the incident's keys
 * @param peakConcurrentRebuilds most of them in flight at once
 * @param misses                 reads the cache could not serve
 * @param maxStaleMs             longest a read was served past the TTL the application set
 */
public record ReplayFigures(String policy, long rebuilds, int peakConcurrentRebuilds, long misses, double maxStaleMs) {
}
