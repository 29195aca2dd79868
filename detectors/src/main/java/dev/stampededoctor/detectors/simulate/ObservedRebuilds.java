package dev.stampededoctor.detectors.simulate;

/**
 * What the capture itself shows, to hold {@code as-is} against.
 *
 * @param rebuilds               fills answering a miss (a client's MULTI…EXEC or pipelined writes count once)
 * @param misses                 reads of a missing or expired key
 * @param peakConcurrentRebuilds most rebuilds between their miss and their refill at one instant
 */
public record ObservedRebuilds(long rebuilds, long misses, int peakConcurrentRebuilds) {
}
