package dev.stampededoctor.detectors.source;

import dev.stampededoctor.detectors.monitor.LineSplitter;
import dev.stampededoctor.detectors.monitor.LineVerdict;
import dev.stampededoctor.detectors.monitor.MonitorLine;
import dev.stampededoctor.detectors.monitor.MonitorLineParser;
import java.io.IOException;
import java.io.InputStream;

/** MONITOR text ({@code redis-cli monitor > capture.log}, or a live MONITOR stream) as commands. */
public final class MonitorTextSource {
    private final MonitorLineParser parser = new MonitorLineParser();
    private final MonitorLine line = new MonitorLine();
    private final int maxLineBytes;

    public MonitorTextSource(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    /** Reads {@code in} to its end, as input number {@code input}; returns the number of lines. */
    public long read(InputStream in, int input, CommandSink sink) throws IOException {
        return new LineSplitter(maxLineBytes).split(in, new LineSplitter.Handler() {
            @Override
            public void line(byte[] buf, int start, int end, long lineNumber) {
                line.position(input, lineNumber);
                LineVerdict verdict = parser.parse(buf, start, end, line);
                if (verdict == LineVerdict.COMMAND) {
                    sink.command(line);
                } else if (verdict == LineVerdict.IGNORED) {
                    sink.ignored();
                } else {
                    sink.malformed(lineNumber, verdict.reason(), buf, start, end);
                }
            }

            @Override
            public void tooLong(byte[] buf, int start, int end, long lineNumber) {
                sink.malformed(lineNumber, LineVerdict.TOO_LONG.reason() + " (" + maxLineBytes + " bytes)", buf, start,
                        end);
            }
        });
    }
}
