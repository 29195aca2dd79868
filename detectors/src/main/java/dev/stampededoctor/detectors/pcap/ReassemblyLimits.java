package dev.stampededoctor.detectors.pcap;

/**
 * The bounds that keep reassembly's memory fixed whatever the capture holds.
 *
 * @param maxFlows connections tracked at once; beyond it the one idle longest is evicted
 * @param maxBufferedPerDirection out-of-order bytes held for one direction before its hole is given up
 * @param maxBufferedTotal out-of-order bytes held over all connections
 * @param holeTimeoutMicros capture time a hole may stay open while its connection carries on
 */
public record ReassemblyLimits(int maxFlows, long maxBufferedPerDirection, long maxBufferedTotal, long holeTimeoutMicros) {
    /**
     * A hole waits 1 s of capture time: a sender retransmits a lost segment within its
     * retransmission timeout (200 ms minimum on Linux, 1 s initially per RFC 6298), so a hole
     * still open after that while the connection carries on is bytes the capture missed.
     */
    public static final ReassemblyLimits DEFAULT = new ReassemblyLimits(100_000, 1L << 20, 64L << 20, 1_000_000L);

    public ReassemblyLimits {
        if (maxFlows < 1 || maxBufferedPerDirection < 1 || maxBufferedTotal < 1 || holeTimeoutMicros < 0) {
            throw new IllegalArgumentException("reassembly limits must be positive");
        }
    }
}
