package dev.stampededoctor.detectors;

import dev.stampededoctor.detectors.monitor.MonitorLine;
import dev.stampededoctor.detectors.source.CommandSink;

/** One input's counts (commands, malformed lines, first and last timestamps) around the shared engine. */
final class InputCounts implements CommandSink, NodeSpans.Span {
    /** Where every input's lines go on to. */
    interface Engine {
        void command(MonitorLine line);

        void ignored();

        void malformed(String input, long lineNumber, String reason, byte[] buf, int start, int end);
    }

    final String name;
    private final Engine engine;
    long parsed;
    long unparseable;
    private long first = Long.MAX_VALUE;
    private long last = Long.MIN_VALUE;

    InputCounts(String name, Engine engine) {
        this.name = name;
        this.engine = engine;
    }

    @Override
    public void command(MonitorLine line) {
        parsed++;
        long ts = line.timestampMicros();
        if (ts < first) {
            first = ts;
        }
        if (ts > last) {
            last = ts;
        }
        engine.command(line);
    }

    @Override
    public void ignored() {
        engine.ignored();
    }

    @Override
    public void malformed(long lineNumber, String reason, byte[] buf, int start, int end) {
        unparseable++;
        engine.malformed(name, lineNumber, reason, buf, start, end);
    }

    @Override
    public long firstMicros() {
        return first;
    }

    @Override
    public long lastMicros() {
        return last;
    }

    @Override
    public long parsed() {
        return parsed;
    }
}
