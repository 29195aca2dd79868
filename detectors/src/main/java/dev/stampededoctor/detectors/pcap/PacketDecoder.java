package dev.stampededoctor.detectors.pcap;

/**
 * Peels a captured packet down to its TCP segment: link layer, then IPv4 or IPv6, then TCP.
 * Whatever is not TCP, or cannot be decoded, is counted in the statistics and reported as no
 * segment. Every field is read only after checking it lies within the captured bytes, since a
 * corrupt or hostile capture must not make decoding fail.
 */
final class PacketDecoder {
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88A8;
    private static final int ETHERTYPE_QINQ_OLD = 0x9100;
    private static final int PROTO_TCP = 6;
    private static final int IPV6_HOP_BY_HOP = 0;
    private static final int IPV6_ROUTING = 43;
    private static final int IPV6_FRAGMENT = 44;
    private static final int IPV6_DESTINATION = 60;
    /** Stands for "the IP version is in the first nibble" (raw IP link types). */
    private static final int RAW_IP = -1;
    private static final int NOT_IP = -2;
    private static final int UNKNOWN_LINK = -3;

    private final CaptureStats stats;
    /** Where the network header starts, set by {@link #linkLayer}. */
    private int networkOff;
    /** Whether the snap length cut the current packet: a header it cut is not malformed. */
    private boolean cut;

    PacketDecoder(CaptureStats stats) {
        this.stats = stats;
    }

    /** Fills {@code out} and returns true if the packet is a TCP segment. */
    boolean decode(int linkType, byte[] buf, int off, int captured, int original, TcpSegment out) {
        int end = off + captured;
        cut = captured < original;
        if (cut) {
            stats.truncatedPackets++;
        }
        int ethertype = linkLayer(linkType, buf, off, end);
        if (ethertype == UNKNOWN_LINK) {
            stats.unknownLinkTypePackets++;
            return false;
        }
        if (ethertype == RAW_IP) {
            if (networkOff >= end) {
                unreadable();
                return false;
            }
            int version = (buf[networkOff] & 0xFF) >>> 4;
            ethertype = version == 4 ? ETHERTYPE_IPV4 : version == 6 ? ETHERTYPE_IPV6 : NOT_IP;
        }
        if (ethertype == ETHERTYPE_IPV4) {
            return ipv4(buf, networkOff, end, out);
        }
        if (ethertype == ETHERTYPE_IPV6) {
            return ipv6(buf, networkOff, end, out);
        }
        stats.nonTcpPackets++;
        return false;
    }

    /** Returns the ethertype (or RAW_IP / NOT_IP / UNKNOWN_LINK) and sets networkOff. */
    private int linkLayer(int linkType, byte[] b, int off, int end) {
        switch (linkType) {
            case 1: { // Ethernet, with any number of 802.1Q / 802.1ad tags
                int pos = off + 12;
                while (pos + 2 <= end) {
                    int type = ByteOrderedInts.be16(b, pos);
                    if (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_OLD) {
                        pos += 4;
                        continue;
                    }
                    networkOff = pos + 2;
                    return type;
                }
                return NOT_IP;
            }
            case 113: // Linux cooked capture v1: protocol at 14, header 16 bytes
                if (off + 16 > end) {
                    return NOT_IP;
                }
                networkOff = off + 16;
                return ByteOrderedInts.be16(b, off + 14);
            case 276: // Linux cooked capture v2: protocol at 0, header 20 bytes
                if (off + 20 > end) {
                    return NOT_IP;
                }
                networkOff = off + 20;
                return ByteOrderedInts.be16(b, off);
            case 0: // BSD loopback: address family in the capturing host's byte order
            case 108: { // OpenBSD loopback: the same, always big-endian
                if (off + 4 > end) {
                    return NOT_IP;
                }
                networkOff = off + 4;
                int family = ByteOrderedInts.i32(b, off, false);
                if (linkType == 0 && (family & 0xFFFF) == 0) {
                    family = ByteOrderedInts.i32(b, off, true);
                }
                if (family == 2) {
                    return ETHERTYPE_IPV4;
                }
                // IPv6's family number differs between the BSDs (24, 28) and macOS (30).
                return family == 24 || family == 28 || family == 30 ? ETHERTYPE_IPV6 : NOT_IP;
            }
            case 12: // raw IP, as numbered on some BSDs
            case 14:
            case 101:
                networkOff = off;
                return RAW_IP;
            case 228:
                networkOff = off;
                return ETHERTYPE_IPV4;
            case 229:
                networkOff = off;
                return ETHERTYPE_IPV6;
            default:
                return UNKNOWN_LINK;
        }
    }

    private boolean ipv4(byte[] b, int pos, int end, TcpSegment out) {
        if (pos + 20 > end || (b[pos] & 0xFF) >>> 4 != 4) {
            unreadable();
            return false;
        }
        int headerLen = (b[pos] & 0x0F) * 4;
        int total = ByteOrderedInts.be16(b, pos + 2);
        // A total length of 0 is what captures of TCP segmentation offload show: use what is there.
        if (total == 0) {
            total = end - pos;
        }
        if (headerLen < 20 || total < headerLen || pos + headerLen > end) {
            unreadable();
            return false;
        }
        int fragment = ByteOrderedInts.be16(b, pos + 6);
        if ((fragment & 0x3FFF) != 0) { // more-fragments flag or a fragment offset
            stats.fragmentsSkipped++;
            return false;
        }
        if ((b[pos + 9] & 0xFF) != PROTO_TCP) {
            stats.nonTcpPackets++;
            return false;
        }
        out.ipv6 = false;
        out.srcHi = 0;
        out.srcLo = ByteOrderedInts.u32(b, pos + 12, false);
        out.dstHi = 0;
        out.dstLo = ByteOrderedInts.u32(b, pos + 16, false);
        // The IP total length, not the frame, says where the datagram ends: Ethernet pads short frames.
        return tcp(b, pos + headerLen, pos + total, end, out);
    }

    private boolean ipv6(byte[] b, int pos, int end, TcpSegment out) {
        if (pos + 40 > end || (b[pos] & 0xFF) >>> 4 != 6) {
            unreadable();
            return false;
        }
        int payloadLen = ByteOrderedInts.be16(b, pos + 4);
        // A payload length of 0 means a jumbogram or offload: use what is there.
        int datagramEnd = payloadLen == 0 ? end : pos + 40 + payloadLen;
        int next = b[pos + 6] & 0xFF;
        out.srcHi = long64(b, pos + 8);
        out.srcLo = long64(b, pos + 16);
        out.dstHi = long64(b, pos + 24);
        out.dstLo = long64(b, pos + 32);
        int at = pos + 40;
        while (next == IPV6_HOP_BY_HOP || next == IPV6_ROUTING || next == IPV6_DESTINATION) {
            if (at + 8 > end) {
                unreadable();
                return false;
            }
            next = b[at] & 0xFF;
            at += ((b[at + 1] & 0xFF) + 1) * 8;
        }
        if (next == IPV6_FRAGMENT) {
            stats.fragmentsSkipped++;
            return false;
        }
        if (next != PROTO_TCP) {
            stats.nonTcpPackets++;
            return false;
        }
        out.ipv6 = true;
        return tcp(b, at, datagramEnd, end, out);
    }

    /** {@code datagramEnd} is where IP says the segment ends; {@code end} where the capture does. */
    private boolean tcp(byte[] b, int pos, int datagramEnd, int end, TcpSegment out) {
        if (pos + 20 > end || pos + 20 > datagramEnd) {
            // A header the snap length cut (or a lie): its bytes show up later as a hole.
            unreadable();
            return false;
        }
        int headerLen = ((b[pos + 12] & 0xFF) >>> 4) * 4;
        if (headerLen < 20 || pos + headerLen > datagramEnd) {
            unreadable();
            return false;
        }
        out.srcPort = ByteOrderedInts.be16(b, pos);
        out.dstPort = ByteOrderedInts.be16(b, pos + 2);
        out.seq = ByteOrderedInts.be32(b, pos + 4);
        out.ack = ByteOrderedInts.be32(b, pos + 8);
        out.flags = b[pos + 13] & 0xFF;
        int payloadStart = pos + headerLen;
        out.buf = b;
        out.payloadOff = Math.min(payloadStart, end);
        if (payloadStart >= end) {
            // The snap length cut into the options or right after them: the payload is all missing.
            out.payloadLen = 0;
            out.missing = datagramEnd - payloadStart;
        } else {
            int capturedEnd = Math.min(datagramEnd, end);
            out.payloadLen = capturedEnd - payloadStart;
            out.missing = datagramEnd - capturedEnd;
        }
        stats.tcpSegments++;
        return true;
    }

    /** Counts a packet whose headers do not fit; one the snap length cut is already counted as such. */
    private void unreadable() {
        if (!cut) {
            stats.malformedPackets++;
        }
    }

    private static long long64(byte[] b, int at) {
        return ByteOrderedInts.u32(b, at, false) << 32 | ByteOrderedInts.u32(b, at + 4, false);
    }
}
