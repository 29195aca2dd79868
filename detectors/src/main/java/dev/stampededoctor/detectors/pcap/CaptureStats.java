package dev.stampededoctor.detectors.pcap;

/**
 * What reading a capture found, for the report's notes on how complete the picture is. Filled by
 * the reader, the decoder and the reassembler of one read; read once it is over.
 */
public final class CaptureStats {
    long packets;
    long bytes;
    long nonTcpPackets;
    long unknownLinkTypePackets;
    long malformedPackets;
    long truncatedPackets;
    long fragmentsSkipped;
    long tcpSegments;
    long connections;
    long retransmittedSegments;
    long retransmittedBytes;
    long outOfOrderSegments;
    long gaps;
    long gapBytes;
    long flowsEvicted;
    boolean fileTruncated;

    /** Packet records in the file. */
    public long packets() {
        return packets;
    }

    /** Captured bytes of those records (what the file holds, not what was on the wire). */
    public long bytes() {
        return bytes;
    }

    /** Packets that were not TCP over IPv4/IPv6 (ARP, UDP, ICMP…), skipped. */
    public long nonTcpPackets() {
        return nonTcpPackets;
    }

    /** Packets of a link type this reader does not decode, skipped. */
    public long unknownLinkTypePackets() {
        return unknownLinkTypePackets;
    }

    /** Packets whose headers contradict themselves (an IPv4 header longer than the packet…). */
    public long malformedPackets() {
        return malformedPackets;
    }

    /** Packets the snap length cut (captured shorter than on the wire). */
    public long truncatedPackets() {
        return truncatedPackets;
    }

    /** IP fragments, skipped: reassembling IP fragments is out of scope. */
    public long fragmentsSkipped() {
        return fragmentsSkipped;
    }

    /** TCP segments handed to the reassembler. */
    public long tcpSegments() {
        return tcpSegments;
    }

    /** TCP connections seen. */
    public long connections() {
        return connections;
    }

    /** Segments carrying bytes already delivered (wholly or partly), each counted once. */
    public long retransmittedSegments() {
        return retransmittedSegments;
    }

    /** The already-delivered bytes those segments carried, dropped. */
    public long retransmittedBytes() {
        return retransmittedBytes;
    }

    /** Segments that arrived ahead of a hole and waited for it. */
    public long outOfOrderSegments() {
        return outOfOrderSegments;
    }

    /** Holes in the streams given up on (lost, not captured, cut by the snap length). */
    public long gaps() {
        return gaps;
    }

    public long gapBytes() {
        return gapBytes;
    }

    /** Connections forgotten because too many were open at once. */
    public long flowsEvicted() {
        return flowsEvicted;
    }

    /** The file ended in the middle of a record (a capture still being written, a cut download). */
    public boolean fileTruncated() {
        return fileTruncated;
    }

    @Override
    public String toString() {
        return "packets=" + packets + " bytes=" + bytes + " nonTcp=" + nonTcpPackets
                + " unknownLinkType=" + unknownLinkTypePackets + " malformed=" + malformedPackets
                + " truncated=" + truncatedPackets + " fragments=" + fragmentsSkipped
                + " tcpSegments=" + tcpSegments + " connections=" + connections
                + " retransmitted=" + retransmittedSegments + "/" + retransmittedBytes + "B"
                + " outOfOrder=" + outOfOrderSegments + " gaps=" + gaps + "/" + gapBytes + "B"
                + " evicted=" + flowsEvicted + (fileTruncated ? " fileTruncated" : "");
    }
}
