package dev.stampededoctor.detectors.source;

import dev.stampededoctor.detectors.report.PacketCapture;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.function.IntPredicate;

/**
 * The one way into the engine for a recorded capture: tells the format from the first bytes and
 * reads it with its source, which hands every command to the same {@link CommandSink}. The
 * analyzer and the simulator both read through it.
 */
public final class CaptureReader {
    /** What one input was and held: lines for MONITOR text (commands for packets), and the packets' figures. */
    public record Result(CaptureFormat format, long lines, PacketCapture packets) {
    }

    private final MonitorTextSource text;
    private final KeyEventSource events;
    private final IntPredicate serverPorts;
    private boolean packetCommandsOnThreadOfTheirOwn;

    public CaptureReader(int maxLineBytes, IntPredicate serverPorts) {
        this.text = new MonitorTextSource(maxLineBytes);
        this.events = new KeyEventSource(maxLineBytes);
        this.serverPorts = serverPorts;
    }

    /**
     * A packet capture's commands reach the sink from a thread of their own, while this one reads
     * on (see {@link PacketSource#PacketSource(IntPredicate, boolean)}): for inputs read to their
     * end, where no command needs to show before the next packet comes.
     */
    public CaptureReader packetCommandsOnThreadOfTheirOwn() {
        this.packetCommandsOnThreadOfTheirOwn = true;
        return this;
    }

    private ConnectionNodes connectionNodes;

    /** A packet capture's connections are told to {@code nodes} as they open (null: nobody); see {@link ConnectionNodes}. */
    public CaptureReader connectionNodes(ConnectionNodes nodes) {
        this.connectionNodes = nodes;
        return this;
    }

    /**
     * The first bytes, as many as there are up to {@link CaptureFormat#HEAD_BYTES}; a live stream
     * gives them as they come (a pcap header, a MONITOR line), so reading stops early at a line end
     * once four bytes are in: a live MONITOR stream is never waited on for more.
     */
    private static byte[] readHead(PushbackInputStream in) throws IOException {
        byte[] b = new byte[CaptureFormat.HEAD_BYTES];
        int n = 0;
        while (n < b.length) {
            int r = in.read(b, n, b.length - n);
            if (r < 0) {
                break;
            }
            n += r;
            if (n >= 4 && b[0] != '#' && (looksBinary(b) || hasLineEnd(b, n))) {
                break;
            }
        }
        return java.util.Arrays.copyOf(b, n);
    }

    private static boolean startsWithBom(byte[] b) {
        return b.length >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF;
    }

    private static boolean hasLineEnd(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            if (b[i] == '\n') {
                return true;
            }
        }
        return false;
    }

    private static boolean looksBinary(byte[] b) {
        return CaptureFormat.of(b, 4) != CaptureFormat.MONITOR_TEXT;
    }

    /** Reads {@code in} to its end as input number {@code input} of the capture. */
    public Result read(InputStream in, int input, CommandSink sink) throws IOException {
        PushbackInputStream head = new PushbackInputStream(in, CaptureFormat.HEAD_BYTES);
        byte[] first = readHead(head);
        if (startsWithBom(first)) {
            first = java.util.Arrays.copyOfRange(first, 3, first.length); // an editor's UTF-8 mark: not a line
        }
        head.unread(first);
        CaptureFormat format = CaptureFormat.of(first, first.length);
        if (format == CaptureFormat.MONITOR_TEXT) {
            return new Result(format, text.read(head, input, sink), null);
        }
        if (format == CaptureFormat.KEY_EVENTS) {
            return new Result(format, events.read(head, input, sink), null);
        }
        PacketCapture packets = new PacketSource(serverPorts, packetCommandsOnThreadOfTheirOwn)
                .connectionNodes(connectionNodes).read(head, format.label(), input, sink);
        return new Result(format, packets.commands(), packets);
    }
}
