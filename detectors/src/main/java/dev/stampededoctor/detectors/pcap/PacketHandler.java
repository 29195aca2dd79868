package dev.stampededoctor.detectors.pcap;

/** Receives the packets of a capture file in file order. */
public interface PacketHandler {
    /**
     * One packet: {@code buf[off, off + capturedLength)} holds its captured bytes, starting at the
     * link-layer header; {@code originalLength} is its length on the wire (larger when the snap
     * length cut it). The buffer is reused after the call.
     */
    void packet(int linkType, long micros, byte[] buf, int off, int capturedLength, int originalLength);
}
