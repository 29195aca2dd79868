package dev.stampededoctor.detectors.bench;

import dev.stampededoctor.detectors.command.CommandModel;
import dev.stampededoctor.detectors.monitor.LineSplitter;
import dev.stampededoctor.detectors.monitor.MonitorLine;
import dev.stampededoctor.detectors.ops.KeyOpRecorder;
import dev.stampededoctor.detectors.ops.KeyOps;
import dev.stampededoctor.detectors.source.CommandSink;
import dev.stampededoctor.detectors.source.MonitorTextSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The parsing thread's stages over a whole capture in memory: splitting into lines, parsing
 * MONITOR lines, and parsing plus the command model (the parsing thread's whole job, batches
 * discarded instead of handed to the key pipeline). Secondary result {@code units}: lines/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseSerialGC"})
public class MonitorParseBench {
    /** A recorded capture; empty: 1 M generated lines of redis-benchmark's shape. */
    @Param("")
    public String capture;

    @Param("1000000")
    public int lines;

    private byte[] text;

    @Setup
    public void load() throws IOException {
        text = Captures.monitorText(capture, lines);
    }

    @Benchmark
    public long split(Counted counted) throws IOException {
        long[] ends = {0};
        long n = new LineSplitter(1 << 20).split(new ByteArrayInputStream(text), new LineSplitter.Handler() {
            @Override
            public void line(byte[] buf, int start, int end, long lineNumber) {
                ends[0] += end;
            }

            @Override
            public void tooLong(byte[] buf, int start, int end, long lineNumber) {
            }
        });
        counted.units += n;
        return ends[0];
    }

    @Benchmark
    public void parse(Counted counted, Blackhole bh) throws IOException {
        long n = new MonitorTextSource(1 << 20).read(new ByteArrayInputStream(text), 0, line -> bh.consume(line.timestampMicros()));
        counted.units += n;
    }

    @Benchmark
    public void parseAndModel(Counted counted, Blackhole bh) throws IOException {
        CommandModel model = new CommandModel();
        KeyOpRecorder recorder = new KeyOpRecorder(new KeyOps(), full -> {
            bh.consume(full.size());
            full.clear();
            return full;
        });
        CommandSink sink = (MonitorLine line) -> model.apply(line, recorder);
        counted.units += new MonitorTextSource(1 << 20).read(new ByteArrayInputStream(text), 0, sink);
        recorder.flush();
    }
}
