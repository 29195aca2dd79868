package dev.stampededoctor.detectors.bench;

import dev.stampededoctor.detectors.AnalyzerOptions;
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
 * The key pipeline's first stage, the key table ({@link TrafficStats#internKeys}: every key
 * operation's key interned, the table starting empty as in a run), and the pattern count that
 * follows it ({@link TrafficStats#countPatterns}), over the key operations of a whole capture.
 * Secondary result {@code units}: key operations/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-XX:+UseSerialGC", "-XX:+UseTransparentHugePages"})
public class KeyTableBench {
    @Param("")
    public String capture;

    @Param("1000000")
    public int lines;

    private List<KeyOps> batches;
    private long operations;
    private TrafficStats stats;

    @Setup
    public void load() throws IOException {
        batches = Captures.keyOps(Captures.monitorText(capture, lines));
        operations = Captures.operations(batches);
        TrafficStats first = newStats();
        batches.forEach(first::internKeys); // key ids in the batches, for countPatterns
    }

    @Setup(Level.Invocation)
    public void emptyTable() {
        stats = newStats();
    }

    private static TrafficStats newStats() {
        AnalyzerOptions o = AnalyzerOptions.defaults();
        return new TrafficStats(o.maxKeys(), o.maxPatterns());
    }

    @Benchmark
    public long internKeys(Counted counted) {
        for (KeyOps b : batches) {
            stats.internKeys(b);
        }
        counted.units += operations;
        return stats.distinctKeys();
    }

    @Benchmark
    public long countPatterns(Counted counted) {
        for (KeyOps b : batches) {
            stats.countPatterns(b);
        }
        counted.units += operations;
        return stats.reads();
    }
}
