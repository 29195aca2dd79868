package dev.stampededoctor.detectors.bench;

import dev.stampededoctor.detectors.AnalyzerOptions;
import dev.stampededoctor.detectors.detect.StampedeDetector;
import dev.stampededoctor.detectors.ops.KeyOps;
import dev.stampededoctor.detectors.stats.TrafficStats;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The key pipeline's last stage: {@link StampedeDetector} (fresh per invocation) over the key
 * operations of a whole capture, their key and pattern ids filled in beforehand as the
 * statistics stage would. Secondary result {@code units}: key operations/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-XX:+UseSerialGC", "-XX:+UseTransparentHugePages"})
public class DetectorBench {
    @Param("")
    public String capture;

    @Param("1000000")
    public int lines;

    private List<KeyOps> batches;
    private long operations;
    private StampedeDetector detector;

    @Setup
    public void load() throws IOException {
        batches = Captures.keyOps(Captures.monitorText(capture, lines));
        operations = Captures.operations(batches);
        AnalyzerOptions o = AnalyzerOptions.defaults();
        TrafficStats stats = new TrafficStats(o.maxKeys(), o.maxPatterns());
        batches.forEach(stats);
    }

    @Setup(Level.Invocation)
    public void freshDetector() {
        detector = new StampedeDetector(AnalyzerOptions.DEFAULT_MIN_REBUILDS);
    }

    @Benchmark
    public int detect(Counted counted) {
        for (KeyOps b : batches) {
            detector.accept(b);
        }
        counted.units += operations;
        return detector.finish().size();
    }
}
