package dev.stampededoctor.detectors.resp;

import dev.stampededoctor.detectors.monitor.LineVerdict;
import dev.stampededoctor.detectors.monitor.MonitorLine;
import dev.stampededoctor.detectors.monitor.MonitorLineParser;
import dev.stampededoctor.detectors.monitor.MonitorLineWriter;
import dev.stampededoctor.detectors.source.CommandSink;

/**
 * The last step from the wire to the engine: a settled command written as the MONITOR line it
 * would have been, read back into the one {@link MonitorLine} every source hands on, and given to
 * the sink with its reply. Confined to one thread at a time.
 */
final class CommandEmitter {
    private final CommandSink sink;
    private final int input;
    private final MonitorLineWriter text = new MonitorLineWriter();
    private final MonitorLineParser parser = new MonitorLineParser();
    private final MonitorLine line = new MonitorLine();
    private long emitted;

    CommandEmitter(CommandSink sink, int input) {
        this.sink = sink;
        this.input = input;
    }

    /** {@code c}, sent by the client named {@code client} ({@code ip:port}), to the sink. */
    void emit(PendingCommand c, byte[] client) {
        text.begin(c.ranAt(), c.db, client);
        for (int i = 0; i < c.count; i++) {
            text.arg(c.arena, c.offsets[i], c.lengths[i]);
        }
        line.position(input, ++emitted);
        LineVerdict verdict = parser.parse(text.buffer(), 0, text.length(), line);
        if (verdict != LineVerdict.COMMAND) {
            return; // cannot happen for a rendered command; nothing to hand on if it did
        }
        if (c.replies != null) {
            line.setReply(c.replies, c.repliedAt - c.sentAt);
        }
        sink.command(line);
    }
}
