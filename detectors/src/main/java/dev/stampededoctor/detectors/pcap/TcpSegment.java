package dev.stampededoctor.detectors.pcap;

/**
 * One decoded TCP segment, filled in place by {@link PacketDecoder} for every packet so that
 * decoding allocates nothing. Addresses are held as two longs (an IPv4 address in {@code lo}).
 */
final class TcpSegment {
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int ACK = 0x10;

    boolean ipv6;
    long srcHi;
    long srcLo;
    long dstHi;
    long dstLo;
    int srcPort;
    int dstPort;
    int seq;
    int ack;
    int flags;
    byte[] buf;
    int payloadOff;
    /** Payload bytes captured. */
    int payloadLen;
    /** Payload bytes the IP header promises beyond those captured (cut by the snap length). */
    int missing;

    boolean has(int flag) {
        return (flags & flag) != 0;
    }
}
