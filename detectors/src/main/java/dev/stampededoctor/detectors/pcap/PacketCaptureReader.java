package dev.stampededoctor.detectors.pcap;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a classic pcap or a pcapng file, told apart by its first four bytes, and hands each
 * packet to a {@link PacketHandler}. Streaming: memory stays at the largest record accepted, and
 * a record claiming more than {@link #recordLimit} is taken for corruption, since no capture
 * holds a packet that large and trusting the length would mean allocating whatever it says.
 */
public final class PacketCaptureReader {
    static final int MIN_RECORD_LIMIT = 256 * 1024;
    static final int MAX_RECORD_LIMIT = 16 * 1024 * 1024;

    private PacketCaptureReader() {
    }

    /** Whether a file starting with these bytes is a capture this reader understands. */
    public static boolean looksLikeCapture(byte[] first4) {
        if (first4 == null || first4.length < 4) {
            return false;
        }
        return ClassicPcapReader.recognises(first4) || PcapngReader.recognises(first4);
    }

    /**
     * Reads {@code in} to its end (the caller opens and closes it, and undoes any compression).
     * Counts packets, bytes and a truncated ending into {@code stats}.
     *
     * @throws CaptureFormatException the stream is not a capture, or a header in it is corrupt
     */
    public static void read(InputStream in, CaptureStats stats, PacketHandler handler) throws IOException {
        CaptureInput input = new CaptureInput(in);
        byte[] first4 = new byte[4];
        int n = input.read(first4, 0, 4);
        if (n == 0) {
            throw new CaptureFormatException("empty file: not a pcap or pcapng file");
        }
        if (n < 4 || !looksLikeCapture(first4)) {
            throw new CaptureFormatException("not a pcap or pcapng file");
        }
        PacketHandler counting = (linkType, micros, buf, off, captured, original) -> {
            stats.packets++;
            stats.bytes += captured;
            handler.packet(linkType, micros, buf, off, captured, original);
        };
        boolean complete = ClassicPcapReader.recognises(first4)
                ? new ClassicPcapReader(input, first4).read(counting)
                : new PcapngReader(input).read(counting);
        if (!complete) {
            stats.fileTruncated = true;
        }
    }

    /** The largest record accepted for a snap length: the snap length, within bounds. */
    static int recordLimit(long snaplen) {
        return (int) Math.max(MIN_RECORD_LIMIT, Math.min(snaplen, MAX_RECORD_LIMIT));
    }
}
