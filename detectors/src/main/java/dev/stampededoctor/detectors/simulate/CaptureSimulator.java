package dev.stampededoctor.detectors.simulate;

import dev.stampededoctor.detectors.command.CommandModel;
import dev.stampededoctor.detectors.monitor.MonitorLine;
import dev.stampededoctor.detectors.source.CaptureReader;
import dev.stampededoctor.detectors.source.CommandSink;
import dev.stampededoctor.detectors.source.MergedReader;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a MONITOR capture under cache policies: what would the capture have cost with TTL
 * jitter, write-through, a rebuild lock, XFetch or stale-while-revalidate? The capture goes
 * through the same parser and command model as {@code analyze} into a {@link Trace}; an
 * {@link Observation} finds its misses, rebuilds and rebuild time; each policy replays the trace
 * in a {@link CacheReplay}.
 *
 * <pre>{@code
 * CaptureSimulator simulator = new CaptureSimulator(AnalyzerOptions.DEFAULT_MAX_LINE_BYTES, 4_000_000);
 * try (InputStream in = Files.newInputStream(Path.of("capture.log"))) {
 *     simulator.read("capture.log", in);
 * }
 * SimulationReport report = simulator.simulate(Policies.all(), -1);
 * }</pre>
 */
public final class CaptureSimulator {
    /** Key operations kept in memory (about 31 bytes each). */
    public static final long MAX_OPERATIONS = 100_000_000;
    /** The rebuild time when the capture shows no rebuild and none is given. */
    public static final long DEFAULT_REBUILD_MICROS = 50_000;

    private final int maxLineBytes;
    private final CommandModel model = new CommandModel();
    private final Trace trace;
    private final List<String> files = new ArrayList<>();
    private long lines;
    private long parsed;
    private long unparseable;
    private long first = Long.MAX_VALUE;
    private long last = Long.MIN_VALUE;

    public CaptureSimulator(int maxLineBytes, int maxKeys) {
        this(maxLineBytes, maxKeys, MAX_OPERATIONS);
    }

    /**
     * A simulator that records only the operations on the keys {@code include} accepts (their db and
     * text, as reports show keys), at most {@code maxOperations} of them
     * ({@link TraceTooLongException} past that): an incident's replay needs its own keys only.
     */
    public static CaptureSimulator forKeys(int maxLineBytes, int maxKeys, long maxOperations,
            java.util.function.BiPredicate<Integer, String> include) {
        return new CaptureSimulator(maxLineBytes, new Trace(maxKeys, Math.min(maxOperations, MAX_OPERATIONS), include));
    }

    CaptureSimulator(int maxLineBytes, int maxKeys, long maxOperations) {
        this(maxLineBytes, new Trace(maxKeys, maxOperations));
    }

    private CaptureSimulator(int maxLineBytes, Trace trace) {
        this.maxLineBytes = maxLineBytes;
        this.trace = trace;
    }

    private java.util.function.IntPredicate serverPorts = port -> port == 6379;

    /** The ports Redis listens on in packet captures (6379 unless told). Call before reading. */
    public void serverPorts(java.util.function.IntPredicate ports) {
        this.serverPorts = ports;
    }

    /**
     * Reads one whole input; inputs are one capture, in the order read.
     *
     * @throws TraceTooLongException past {@link #MAX_OPERATIONS} key operations
     */
    public void read(String name, InputStream in) throws IOException {
        files.add(name);
        lines += new CaptureReader(maxLineBytes, serverPorts).read(in, files.size() - 1, sink).lines();
    }

    /**
     * Reads captures recorded at the same time on several nodes as one, merged by timestamp, as
     * {@code analyze} merges them ({@link MergedReader}); each node's client connections are its
     * own. The inputs are the next ones, in the order of {@code inputs}.
     *
     * @throws TraceTooLongException past {@link #MAX_OPERATIONS} key operations
     */
    public void readMerged(List<? extends MergedReader.Input> inputs) throws IOException {
        int base = files.size();
        java.util.Map<String, Integer> tags = new java.util.HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            files.add(inputs.get(i).name());
            model.inputNode(base + i, tags.computeIfAbsent(inputs.get(i).node(), n -> tags.size() + 1));
        }
        new MergedReader(maxLineBytes, serverPorts).read(inputs, base, new MergedReader.Listener() {
            @Override
            public CommandSink sink(int input) {
                return sink;
            }

            @Override
            public void ended(int input, CaptureReader.Result result) {
                lines += result.lines();
            }
        });
    }

    private final CommandSink sink = new CommandSink() {
        @Override
        public void command(MonitorLine line) {
            parsed++;
            first = Math.min(first, line.timestampMicros());
            last = Math.max(last, line.timestampMicros());
            model.apply(line, trace);
        }

        @Override
        public void malformed(long lineNumber, String reason, byte[] buf, int start, int end) {
            unparseable++;
        }
    };

    private Observation observation;

    /** What the capture shows, found once for every replay of it. */
    private Observation observation() {
        if (observation == null) {
            observation = Observation.of(trace);
        }
        return observation;
    }

    /**
     * Replays only the keys {@code include} accepts (its db and its text, as reports show keys)
     * under {@code as-is} and each policy, with the rebuild time taken from the capture.
     */
    public List<PolicyResult> replayKeys(List<CachePolicy> policies, java.util.function.BiPredicate<Integer, String> include) {
        java.util.BitSet keys = new java.util.BitSet(trace.keyCount());
        for (int k = 0; k < trace.keyCount(); k++) {
            if (include.test(trace.dbOf(k), dev.stampededoctor.detectors.keys.KeyText.display(trace.keyBytes(k)))) {
                keys.set(k);
            }
        }
        Observation seen = observation();
        long median = seen.medianRebuildMicros();
        long rebuild = median > 0 ? median : DEFAULT_REBUILD_MICROS;
        TimeAxis axis = TimeAxis.over(parsed == 0 ? 0 : first, parsed == 0 ? 0 : last);
        List<PolicyResult> results = new ArrayList<>();
        results.add(new CacheReplay(trace, seen, AsIs.INSTANCE, rebuild, true, axis).only(keys).run());
        for (CachePolicy p : policies) {
            if (!(p instanceof AsIs)) {
                results.add(new CacheReplay(trace, seen, p, rebuild, true, axis).only(keys).run());
            }
        }
        return results;
    }

    /** MONITOR commands read so far. */
    public long parsed() {
        return parsed;
    }

    /**
     * Replays the capture under each policy, with {@code as-is} first (added when not asked for:
     * it is the baseline). {@code rebuildMicros} is the rebuild time, or -1 to take it from the
     * capture.
     */
    public SimulationReport simulate(List<CachePolicy> policies, long rebuildMicros) {
        Observation seen = observation();
        long median = seen.medianRebuildMicros();
        String source = rebuildMicros > 0 ? "option" : median > 0 ? "capture" : "default";
        long rebuild = rebuildMicros > 0 ? rebuildMicros : median > 0 ? median : DEFAULT_REBUILD_MICROS;
        long start = parsed == 0 ? 0 : first;
        TimeAxis axis = TimeAxis.over(start, parsed == 0 ? 0 : last);
        List<CachePolicy> run = new ArrayList<>();
        run.add(AsIs.INSTANCE);
        policies.stream().filter(p -> !(p instanceof AsIs)).forEach(run::add);
        List<PolicyResult> results = new ArrayList<>();
        for (CachePolicy p : run) {
            results.add(new CacheReplay(trace, seen, p, rebuild, rebuildMicros <= 0, axis).run());
        }
        SimulatedInput input = new SimulatedInput(List.copyOf(files), lines, parsed, unparseable,
                parsed == 0 ? 0 : (last - first) / 1e6, trace.keyCount(), trace.untracked());
        return new SimulationReport(input, rebuild / 1000.0, source,
                new ObservedRebuilds(seen.rebuilds, seen.misses, seen.peakConcurrentRebuilds),
                new SimulationTimeline(BigDecimal.valueOf(start, 6), axis.bucketMicros() / 1000, axis.buckets()),
                List.copyOf(results), FirstChoice.of(results.get(0), results));
    }
}
