package dev.stampededoctor.detectors.simulate;

import java.math.BigDecimal;

/**
 * The buckets of every policy's {@code rebuildsPerBucket}: {@code buckets} of {@code bucketMs}
 * from {@code start} (epoch seconds, the capture's first command).
 */
public record SimulationTimeline(BigDecimal start, long bucketMs, int buckets) {
}
