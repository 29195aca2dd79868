package dev.stampededoctor.detectors.pcap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The pcapng format: a sequence of blocks, each section opened by a Section Header Block that
 * fixes the byte order and starts a new list of interfaces. Packets come from Enhanced, Simple
 * and (obsolete) Packet Blocks; every other block is skipped by its length.
 */
final class PcapngReader {
    static final int SECTION_HEADER = 0x0A0D0D0A;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int INTERFACE_DESCRIPTION = 1;
    private static final int PACKET = 2;
    private static final int SIMPLE_PACKET = 3;
    private static final int ENHANCED_PACKET = 6;
    private static final int OPTION_END = 0;
    private static final int OPTION_TSRESOL = 9;
    private static final int OPTION_TSOFFSET = 14;
    /** Room for a packet block's own fields and options beyond the packet's bytes. */
    private static final int BLOCK_OVERHEAD = 64 * 1024;

    private record Interface(int linkType, long snaplen, TimestampUnit unit, long offsetSeconds) {
    }

    private final CaptureInput input;
    private final List<Interface> interfaces = new ArrayList<>();
    private boolean little;
    private int packetBlockLimit = PacketCaptureReader.MIN_RECORD_LIMIT + BLOCK_OVERHEAD;
    /** A Simple Packet Block has no timestamp: it gets the last one seen. */
    private long lastMicros;

    PcapngReader(CaptureInput input) {
        this.input = input;
    }

    static boolean recognises(byte[] first4) {
        return ByteOrderedInts.i32(first4, 0, false) == SECTION_HEADER;
    }

    /** Reads every block; false when the file ends inside one. The first 4 bytes are consumed. */
    boolean read(PacketHandler handler) throws IOException {
        byte[] head = new byte[12];
        head[0] = 0x0A;
        head[1] = 0x0D;
        head[2] = 0x0D;
        head[3] = 0x0A;
        long at = 0;
        int have = 4;
        while (true) {
            int n = input.read(head, have, 8 - have);
            if (n + have == 0) {
                return true;
            }
            if (n + have < 8) {
                return false;
            }
            have = 0;
            int type = ByteOrderedInts.i32(head, 0, little);
            if (type == SECTION_HEADER) {
                if (!readSectionHeader(head, at)) {
                    return false;
                }
            } else {
                long length = ByteOrderedInts.u32(head, 4, little);
                if (length < 12 || length % 4 != 0) {
                    throw corrupt(length, at);
                }
                boolean wanted = type == INTERFACE_DESCRIPTION || type == PACKET
                        || type == SIMPLE_PACKET || type == ENHANCED_PACKET;
                if (!wanted) {
                    if (!input.skip(length - 8)) {
                        return false;
                    }
                } else {
                    if (interfacesMissing(type)) {
                        throw new CaptureFormatException("pcapng packet block at offset " + at
                                + " comes before any interface description: corrupt");
                    }
                    int limit = type == INTERFACE_DESCRIPTION ? PacketCaptureReader.MIN_RECORD_LIMIT : packetBlockLimit;
                    if (length > limit) {
                        throw corrupt(length, at);
                    }
                    byte[] block = input.buffer((int) length);
                    System.arraycopy(head, 0, block, 0, 8);
                    if (input.read(block, 8, (int) length - 8) < length - 8) {
                        return false;
                    }
                    if (ByteOrderedInts.u32(block, (int) length - 4, little) != length) {
                        throw corrupt(length, at);
                    }
                    if (type == INTERFACE_DESCRIPTION) {
                        describeInterface(block, (int) length, at);
                    } else {
                        packet(type, block, (int) length, at, handler);
                    }
                }
            }
            at = input.offset();
        }
    }

    private boolean interfacesMissing(int type) {
        return type != INTERFACE_DESCRIPTION && interfaces.isEmpty();
    }

    /** Reads the rest of a Section Header Block from its first 8 bytes; false at EOF. */
    private boolean readSectionHeader(byte[] head, long at) throws IOException {
        if (input.read(head, 8, 4) < 4) {
            return false;
        }
        if (ByteOrderedInts.i32(head, 8, false) == BYTE_ORDER_MAGIC) {
            little = false;
        } else if (ByteOrderedInts.i32(head, 8, true) == BYTE_ORDER_MAGIC) {
            little = true;
        } else {
            throw new CaptureFormatException("pcapng section header at offset " + at + ": byte-order mark missing: corrupt");
        }
        long length = ByteOrderedInts.u32(head, 4, little);
        if (length < 28 || length % 4 != 0 || length > PacketCaptureReader.MIN_RECORD_LIMIT) {
            throw corrupt(length, at);
        }
        byte[] block = input.buffer((int) length);
        System.arraycopy(head, 0, block, 0, 12);
        if (input.read(block, 12, (int) length - 12) < length - 12) {
            return false;
        }
        if (ByteOrderedInts.u32(block, (int) length - 4, little) != length) {
            throw corrupt(length, at);
        }
        interfaces.clear();
        packetBlockLimit = PacketCaptureReader.MIN_RECORD_LIMIT + BLOCK_OVERHEAD;
        return true;
    }

    private void describeInterface(byte[] block, int length, long at) throws CaptureFormatException {
        if (length < 20) {
            throw corrupt(length, at);
        }
        int linkType = ByteOrderedInts.u16(block, 8, little);
        long snaplen = ByteOrderedInts.u32(block, 12, little);
        TimestampUnit unit = TimestampUnit.MICROS;
        long offsetSeconds = 0;
        int end = length - 4;
        int pos = 16;
        while (pos + 4 <= end) {
            int code = ByteOrderedInts.u16(block, pos, little);
            int len = ByteOrderedInts.u16(block, pos + 2, little);
            int value = pos + 4;
            if (code == OPTION_END || value + len > end) {
                break;
            }
            if (code == OPTION_TSRESOL && len >= 1) {
                unit = TimestampUnit.fromOption(block[value] & 0xFF);
                if (unit == null) {
                    throw new CaptureFormatException("pcapng interface description at offset " + at
                            + ": timestamp resolution " + (block[value] & 0xFF) + " is not usable: corrupt");
                }
            } else if (code == OPTION_TSOFFSET && len >= 8) {
                offsetSeconds = u64(block, value);
            }
            pos = value + ((len + 3) & ~3);
        }
        interfaces.add(new Interface(linkType, snaplen, unit, offsetSeconds));
        packetBlockLimit = Math.max(packetBlockLimit, PacketCaptureReader.recordLimit(snaplen) + BLOCK_OVERHEAD);
    }

    private void packet(int type, byte[] block, int length, long at, PacketHandler handler) throws CaptureFormatException {
        int body = length - 4;
        Interface iface;
        long micros;
        int data;
        long captured;
        long original;
        if (type == SIMPLE_PACKET) {
            if (length < 16) {
                throw corrupt(length, at);
            }
            iface = interfaces.get(0);
            original = ByteOrderedInts.u32(block, 8, little);
            data = 12;
            captured = Math.min(original, body - data);
            if (iface.snaplen() > 0) {
                captured = Math.min(captured, iface.snaplen());
            }
            micros = lastMicros;
        } else {
            if (length < 32) {
                throw corrupt(length, at);
            }
            long id = type == PACKET ? ByteOrderedInts.u16(block, 8, little) : ByteOrderedInts.u32(block, 8, little);
            if (id >= interfaces.size()) {
                throw new CaptureFormatException("pcapng packet block at offset " + at + " names interface " + id
                        + ", which is not described: corrupt");
            }
            iface = interfaces.get((int) id);
            long ticks = ByteOrderedInts.u32(block, 12, little) << 32 | ByteOrderedInts.u32(block, 16, little);
            captured = ByteOrderedInts.u32(block, 20, little);
            original = ByteOrderedInts.u32(block, 24, little);
            data = 28;
            if (captured > body - data) {
                throw corrupt(length, at);
            }
            micros = iface.unit().toMicros(ticks) + iface.offsetSeconds() * 1_000_000L;
            lastMicros = micros;
        }
        int wire = (int) Math.min(Math.max(original, captured), Integer.MAX_VALUE);
        handler.packet(iface.linkType(), micros, block, data, (int) captured, wire);
    }

    /** A 64-bit option value, written as one integer in the section's byte order. */
    private long u64(byte[] b, int at) {
        long first = ByteOrderedInts.u32(b, at, little);
        long second = ByteOrderedInts.u32(b, at + 4, little);
        return little ? second << 32 | first : first << 32 | second;
    }

    private static CaptureFormatException corrupt(long length, long at) {
        return new CaptureFormatException("pcapng block of " + length + " bytes at offset " + at + ": corrupt");
    }
}
