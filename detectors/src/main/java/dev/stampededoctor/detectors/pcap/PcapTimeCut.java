package dev.stampededoctor.detectors.pcap;

/**
 * Follows a classic pcap stream as it goes by, in chunks of any size, and says where it has to
 * end so that no record stamped after a cut-off instant is handed on: a live tcpdump delivers
 * packets a block at a time, so the packets up to a scan's end can only be had by reading on a
 * little past it, and what came after the end is then left out whole (the stream stays a valid
 * capture, which a saved copy needs). Keeps only the 16 header bytes of the record in progress.
 * Not for pcapng (tcpdump {@code -w} writes classic pcap).
 */
public final class PcapTimeCut {
    private static final int FILE_HEADER = 24;
    private static final int RECORD_HEADER = 16;

    private final byte[] header = new byte[FILE_HEADER];
    private int headerFilled;
    private boolean little;
    private boolean nanos;
    private boolean fileHeaderDone;
    /** Bytes of the current record's body still to pass; negative while its header is being read. */
    private long bodyLeft = -1;
    private volatile long cutMicros = Long.MAX_VALUE;
    private boolean cut;
    private boolean unreadable;

    /** From now on, records stamped after {@code epochMicros} end the stream (any thread; the first cut stays). */
    public void cutAfter(long epochMicros) {
        if (cutMicros == Long.MAX_VALUE) {
            cutMicros = epochMicros;
        }
    }

    /** Whether the stream has reached its cut: nothing after it is to be handed on. */
    public boolean done() {
        return cut;
    }

    /** The most {@link #filter} writes beyond the bytes it is given: a record header held back from a chunk before. */
    public static final int HELD_BACK = RECORD_HEADER - 1;

    /**
     * Copies the {@code n} next bytes of the stream, from {@code src[off]}, to {@code dst[dstOff]}
     * (room for {@code n + HELD_BACK}), leaving out everything from the first record stamped after
     * the cut on (then {@link #done}); returns how many bytes it wrote. A record header split
     * between chunks is held back until it is whole and judged, so that a cut never leaves part of
     * one behind. A stream that is not classic pcap is copied whole (the reader says what is wrong).
     */
    public int filter(byte[] src, int off, int n, byte[] dst, int dstOff) {
        int out = dstOff;
        int i = 0;
        while (i < n && !cut) {
            if (unreadable) {
                System.arraycopy(src, off + i, dst, out, n - i);
                out += n - i;
                break;
            }
            if (!fileHeaderDone) {
                int take = Math.min(FILE_HEADER - headerFilled, n - i);
                System.arraycopy(src, off + i, header, headerFilled, take);
                System.arraycopy(src, off + i, dst, out, take);
                headerFilled += take;
                i += take;
                out += take;
                if (headerFilled == FILE_HEADER) {
                    fileHeaderDone = true;
                    headerFilled = 0;
                    readMagic();
                }
            } else if (bodyLeft < 0) {
                int take = Math.min(RECORD_HEADER - headerFilled, n - i);
                System.arraycopy(src, off + i, header, headerFilled, take);
                headerFilled += take;
                i += take;
                if (headerFilled == RECORD_HEADER) {
                    headerFilled = 0;
                    long seconds = ByteOrderedInts.u32(header, 0, little);
                    long fraction = ByteOrderedInts.u32(header, 4, little);
                    long micros = seconds * 1_000_000 + (nanos ? fraction / 1000 : fraction);
                    if (micros > cutMicros) {
                        cut = true;
                        break;
                    }
                    System.arraycopy(header, 0, dst, out, RECORD_HEADER);
                    out += RECORD_HEADER;
                    bodyLeft = ByteOrderedInts.u32(header, 8, little);
                }
            } else {
                int take = (int) Math.min(bodyLeft, n - i);
                System.arraycopy(src, off + i, dst, out, take);
                i += take;
                out += take;
                bodyLeft -= take;
                if (bodyLeft == 0) {
                    bodyLeft = -1;
                }
            }
        }
        return out - dstOff;
    }

    private void readMagic() {
        int be = ByteOrderedInts.i32(header, 0, false);
        int le = ByteOrderedInts.i32(header, 0, true);
        if (be == ClassicPcapReader.MAGIC_MICROS || be == ClassicPcapReader.MAGIC_NANOS) {
            little = false;
            nanos = be == ClassicPcapReader.MAGIC_NANOS;
        } else if (le == ClassicPcapReader.MAGIC_MICROS || le == ClassicPcapReader.MAGIC_NANOS) {
            little = true;
            nanos = le == ClassicPcapReader.MAGIC_NANOS;
        } else {
            unreadable = true;
        }
    }
}
