package dev.stampededoctor.detectors.simulate;

/**
 * What one policy would have cost on the capture.
 *
 * @param policy                 the policy's name ({@code as-is}, {@code jitter}, …)
 * @param parameters             its parameters ({@code spread=10%}); empty when none
 * @param rebuilds               backend queries: rebuilds after a miss, early and background refreshes
 * @param peakConcurrentRebuilds most rebuilds in flight at one instant
 * @param misses                 reads the cache could not serve (including those that waited on a rebuild)
 * @param maxStaleMs             longest a read was served a value past the TTL the application set
 *                               (jitter's longer TTLs, stale-while-revalidate's window)
 * @param rebuildsPerBucket      rebuilds started in each bucket of the report's {@code timeline}
 */
public record PolicyResult(String policy, String parameters, long rebuilds, int peakConcurrentRebuilds, long misses,
        double maxStaleMs, int[] rebuildsPerBucket) {
}
