package dev.stampededoctor.detectors.report;

/**
 * What a packet-capture input held, beside the commands it gave: see {@code docs/report-schema.md}.
 *
 * @param format            {@code pcap} or {@code pcapng}
 * @param packets           packets in the file; {@code bytes} their captured bytes
 * @param skippedPackets    packets that carried no TCP (or an unknown link type, or a later IP fragment)
 * @param truncatedPackets  packets cut short by the capture's snap length (their missing bytes are gaps)
 * @param connections       TCP connections to Redis seen
 * @param tlsConnections    of them, TLS: unreadable, left out
 * @param pubsubConnections of them, subscribers and MONITOR clients: the server streams, no reply pairs
 * @param retransmittedSegments segments seen again, counted once
 * @param outOfOrderSegments segments that arrived before the bytes ahead of them, put back in order
 * @param gaps              holes in a byte stream that never filled (lost, or not captured); {@code gapBytes} their size
 * @param commands          requests handed to the engine; {@code replied} of them with their reply
 * @param pairingFailures   replies that found no request waiting (the pairing was dropped and resumed later)
 * @param desyncs           times a byte stream held no RESP and reading skipped to the next boundary
 * @param fileTruncated     the file ended inside a packet
 */
public record PacketCapture(String format, long packets, long bytes, long skippedPackets, long truncatedPackets,
        long connections, long tlsConnections, long pubsubConnections, long retransmittedSegments,
        long outOfOrderSegments, long gaps, long gapBytes, long commands, long replied, long pairingFailures,
        long desyncs, boolean fileTruncated) {
}
