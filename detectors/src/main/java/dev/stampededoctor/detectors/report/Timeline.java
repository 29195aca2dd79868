package dev.stampededoctor.detectors.report;

import java.math.BigDecimal;

/**
 * Per-bucket counts from {@code start} (epoch seconds), trimmed after the last busy bucket.
 *
 * @param reads  reads that hit (the key was present)
 * @param misses reads of the missing key
 * @param fills  writes of the key (rebuilds and their duplicates)
 */
public record Timeline(int bucketMs, BigDecimal start, int[] reads, int[] misses, int[] fills) {
}
