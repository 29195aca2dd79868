package dev.stampededoctor.detectors.report;

import java.math.BigDecimal;

/**
 * The whole capture per interval: {@code bucketMs}-wide buckets from {@code start} (epoch seconds,
 * the first key operation), trimmed after the last busy one. The width grows with the capture
 * (10 ms doubled as often as needed to fit 240 buckets).
 *
 * @param reads  all reads, hits and misses alike (they sum to {@code stats.reads})
 * @param misses the reads the detector judged misses, at the instant of the read
 * @param fills  writes of keys (they sum to {@code stats.fills})
 */
public record TrafficTimeline(double bucketMs, BigDecimal start, long[] reads, long[] misses, long[] fills) {
}
