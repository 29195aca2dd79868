package dev.stampededoctor.detectors.pcap;

import java.io.IOException;

/** The classic libpcap format: a 24-byte file header, then a 16-byte header per record. */
final class ClassicPcapReader {
    static final int MAGIC_MICROS = 0xA1B2C3D4;
    static final int MAGIC_NANOS = 0xA1B23C4D;
    private static final int FILE_HEADER = 24;
    private static final int RECORD_HEADER = 16;

    private final CaptureInput input;
    private final byte[] first4;

    ClassicPcapReader(CaptureInput input, byte[] first4) {
        this.input = input;
        this.first4 = first4;
    }

    static boolean recognises(byte[] first4) {
        int be = ByteOrderedInts.i32(first4, 0, false);
        int le = ByteOrderedInts.i32(first4, 0, true);
        return be == MAGIC_MICROS || be == MAGIC_NANOS || le == MAGIC_MICROS || le == MAGIC_NANOS;
    }

    /** Reads every record; false when the file ends inside one. */
    boolean read(PacketHandler handler) throws IOException {
        byte[] header = new byte[FILE_HEADER];
        System.arraycopy(first4, 0, header, 0, 4);
        if (input.read(header, 4, FILE_HEADER - 4) < FILE_HEADER - 4) {
            return false;
        }
        int be = ByteOrderedInts.i32(header, 0, false);
        boolean little = be != MAGIC_MICROS && be != MAGIC_NANOS;
        boolean nanos = ByteOrderedInts.i32(header, 0, little) == MAGIC_NANOS;
        int major = ByteOrderedInts.u16(header, 4, little);
        if (major != 2) {
            throw new CaptureFormatException("pcap file header: version " + major + " is not 2: corrupt");
        }
        long snaplen = ByteOrderedInts.u32(header, 16, little);
        // The top bits of the link-type field carry FCS information, not the link type.
        int linkType = ByteOrderedInts.i32(header, 20, little) & 0xFFFF;
        int limit = PacketCaptureReader.recordLimit(snaplen);

        while (true) {
            long at = input.offset();
            int n = input.ensure(RECORD_HEADER);
            if (n == 0) {
                return true;
            }
            if (n < RECORD_HEADER) {
                input.consume(n);
                return false;
            }
            byte[] record = input.chunk();
            int p = input.position();
            long seconds = ByteOrderedInts.u32(record, p, little);
            long fraction = ByteOrderedInts.u32(record, p + 4, little);
            long captured = ByteOrderedInts.u32(record, p + 8, little);
            long original = ByteOrderedInts.u32(record, p + 12, little);
            if (captured > limit) {
                throw new CaptureFormatException("pcap record of " + captured + " bytes at offset " + at + ": corrupt");
            }
            input.consume(RECORD_HEADER);
            // The packet is handed on where it lies in the input's chunk, valid until the next read.
            int got = input.ensure((int) captured);
            if (got < captured) {
                input.consume(got);
                return false;
            }
            long micros = seconds * 1_000_000L + (nanos ? fraction / 1000 : fraction);
            // Some writers put a smaller original length than captured; the captured bytes are real.
            int wire = (int) Math.min(Math.max(original, captured), Integer.MAX_VALUE);
            handler.packet(linkType, micros, input.chunk(), input.position(), (int) captured, wire);
            input.consume((int) captured);
        }
    }
}
