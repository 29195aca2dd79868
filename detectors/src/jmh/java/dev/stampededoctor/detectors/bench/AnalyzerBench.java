package dev.stampededoctor.detectors.bench;

import dev.stampededoctor.detectors.AnalyzerOptions;
import dev.stampededoctor.detectors.CaptureAnalyzer;
import dev.stampededoctor.detectors.report.Report;
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

/**
 * The whole engine on a capture in memory: {@link CaptureAnalyzer} reads it (parsing thread
 * plus the two-stage key pipeline) and builds the report; no JVM start, no JSON. Secondary
 * result {@code units}: lines/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseSerialGC", "-XX:+UseTransparentHugePages"})
public class AnalyzerBench {
    @Param("")
    public String capture;

    @Param("1000000")
    public int lines;

    private byte[] text;
    private long lineCount;

    @Setup
    public void load() throws IOException {
        text = Captures.monitorText(capture, lines);
        lineCount = Captures.lines(text);
    }

    @Benchmark
    public Report analyze(Counted counted) throws IOException {
        CaptureAnalyzer analyzer = new CaptureAnalyzer(AnalyzerOptions.defaults());
        analyzer.read("bench", new ByteArrayInputStream(text));
        counted.units += lineCount;
        return analyzer.report();
    }
}
