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
    private final IntPredicate serverPorts;

    public CaptureReader(int maxLineBytes, IntPredicate serverPorts) {
        this.text = new MonitorTextSource(maxLineBytes);
        this.serverPorts = serverPorts;
    }

    /** Reads {@code in} to its end as input number {@code input} of the capture. */
    public Result read(InputStream in, int input, CommandSink sink) throws IOException {
        PushbackInputStream head = new PushbackInputStream(in, 4);
        byte[] first = head.readNBytes(4);
        head.unread(first);
        CaptureFormat format = CaptureFormat.of(first, first.length);
        if (format == CaptureFormat.MONITOR_TEXT) {
            return new Result(format, text.read(head, input, sink), null);
        }
        PacketCapture packets = new PacketSource(serverPorts).read(head, format.label(), input, sink);
        return new Result(format, packets.commands(), packets);
    }
}
