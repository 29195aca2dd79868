package dev.stampededoctor.detectors.resp;

import dev.stampededoctor.detectors.monitor.MonitorLine;
import dev.stampededoctor.detectors.monitor.MonitorLineWriter;
import dev.stampededoctor.detectors.source.CommandSink;

/**
 * The last step from the wire to the engine: a settled command given to the sink as the one
 * {@link MonitorLine} every source hands on, with its reply. The line holds the command's own
 * argument bytes; its MONITOR text (which the engine quotes for the few lines that trigger an
 * episode) is written only when asked for, exactly as MONITOR would have printed it: writing and
 * re-reading every line took 40 % of this thread. Confined to one thread at a time.
 */
final class CommandEmitter implements MonitorLine.LineText {
    private final CommandSink sink;
    private final int input;
    private final MonitorLineWriter text = new MonitorLineWriter();
    private final MonitorLine line = new MonitorLine();
    private long emitted;
    /** The command the line holds now, and its client's name: what {@link #write} writes. */
    private PendingCommand current;
    private byte[] currentClient;

    CommandEmitter(CommandSink sink, int input) {
        this.sink = sink;
        this.input = input;
    }

    /** {@code c}, sent by the client named {@code client} ({@code ip:port}), to the sink. */
    void emit(PendingCommand c, byte[] client) {
        long number = ++emitted; // an empty request still takes its line, as in the MONITOR text of it
        if (!line.setCommand(c.ranAt(), c.db, client, c.arena, c.offsets, c.lengths, c.count, this)) {
            return; // and is no command
        }
        line.position(input, number);
        current = c;
        currentClient = client;
        if (c.replies != null) {
            line.setReply(c.replies, c.repliedAt() - c.sentAt);
        }
        sink.command(line);
    }

    @Override
    public void write(MonitorLine l) {
        PendingCommand c = current;
        text.begin(c.ranAt(), c.db, currentClient);
        int sourceEnd = text.length() - 1; // begin() ends with the source, then ']'
        for (int i = 0; i < c.count; i++) {
            text.arg(c.arena, c.offsets[i], c.lengths[i]);
        }
        l.setText(text.buffer(), 0, text.length(), sourceEnd - currentClient.length);
    }
}
