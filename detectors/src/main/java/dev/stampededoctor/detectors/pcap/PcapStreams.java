package dev.stampededoctor.detectors.pcap;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.IntPredicate;

/** Reads a capture file into the reassembled TCP streams of its connections. */
public final class PcapStreams {
    private PcapStreams() {
    }

    /** {@link #read(InputStream, IntPredicate, TcpStreamHandler, ReassemblyLimits)} with the default limits. */
    public static CaptureStats read(InputStream in, IntPredicate isServerPort, TcpStreamHandler handler) throws IOException {
        return read(in, isServerPort, handler, ReassemblyLimits.DEFAULT);
    }

    /**
     * Reads {@code in} (pcap or pcapng, already decompressed) to its end. Connections still open
     * at the end are closed, at the last packet's time, also when a corrupt header stops the
     * read, so the handler always sees every stream it was told of end.
     *
     * @throws CaptureFormatException not a capture file, or a corrupt header in it
     */
    public static CaptureStats read(InputStream in, IntPredicate isServerPort, TcpStreamHandler handler,
            ReassemblyLimits limits) throws IOException {
        CaptureStats stats = new CaptureStats();
        PacketDecoder decoder = new PacketDecoder(stats);
        TcpReassembler reassembler = new TcpReassembler(isServerPort, handler, stats, limits);
        TcpSegment segment = new TcpSegment();
        long[] last = {0};
        try {
            PacketCaptureReader.read(in, stats, (linkType, micros, buf, off, captured, original) -> {
                last[0] = Math.max(last[0], micros);
                if (decoder.decode(linkType, buf, off, captured, original, segment)) {
                    reassembler.segment(segment, micros);
                }
            });
        } finally {
            reassembler.finish(last[0]);
        }
        return stats;
    }
}
