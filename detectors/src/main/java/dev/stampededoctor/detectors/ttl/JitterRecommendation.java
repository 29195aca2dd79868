package dev.stampededoctor.detectors.ttl;

/**
 * The jitter that flattens a pattern's clusters: with TTLs spread by ±{@code spreadPercent} %,
 * the densest window of {@code windowMs} holds {@code peakKeysAfter} expiries instead of
 * {@code peakKeysBefore} (a prediction with the pattern's own TTLs). {@code resolves} is false
 * when even the widest spread tried leaves a cluster; {@code command} applies it.
 */
public record JitterRecommendation(int spreadPercent, long windowMs, int peakKeysBefore, int peakKeysAfter,
        boolean resolves, String advice, String command) {
}
