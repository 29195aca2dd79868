package dev.stampededoctor.detectors.pcap;

/** Unsigned fields out of a byte array in either byte order; the caller checks the bounds. */
final class ByteOrderedInts {
    private ByteOrderedInts() {
    }

    static int u16(byte[] b, int at, boolean littleEndian) {
        return littleEndian
                ? (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8
                : (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    static int i32(byte[] b, int at, boolean littleEndian) {
        return littleEndian
                ? (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24
                : (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    static long u32(byte[] b, int at, boolean littleEndian) {
        return i32(b, at, littleEndian) & 0xFFFF_FFFFL;
    }

    static int be16(byte[] b, int at) {
        return u16(b, at, false);
    }

    static int be32(byte[] b, int at) {
        return i32(b, at, false);
    }
}
