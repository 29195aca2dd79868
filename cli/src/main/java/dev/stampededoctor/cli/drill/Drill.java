package dev.stampededoctor.cli.drill;

import dev.stampededoctor.cli.input.BoundedOutputStream;

import dev.stampededoctor.cli.postgres.ActivitySampler;
import dev.stampededoctor.cli.postgres.PostgresUrl;
import dev.stampededoctor.cli.redis.MonitorSource;
import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.detectors.AnalyzerOptions;
import dev.stampededoctor.detectors.CaptureAnalyzer;
import dev.stampededoctor.detectors.db.DbSample;
import dev.stampededoctor.detectors.report.CacheEvent;
import dev.stampededoctor.detectors.report.Report;
import dev.stampededoctor.detectors.simulate.CaptureSimulator;
import dev.stampededoctor.detectors.simulate.Policies;
import dev.stampededoctor.detectors.simulate.PolicyResult;
import dev.stampededoctor.detectors.simulate.SimulationReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One drill run: creates the table, starts MONITOR (read live by the same detectors as
 * {@code scan}) and the {@code pg_stat_activity} sampler, runs the scenario's workload, then
 * measures, simulates its own capture, and removes everything it created. {@link #cleanUp} is
 * safe to call from any thread at any time, more than once (Ctrl-C).
 */
public final class Drill {
    /** The MONITOR capture kept for simulate stops growing here (the detectors read on regardless). */
    static final long MAX_CAPTURE_BYTES = 512L << 20;
    private static final long DRAIN_MILLIS = 300;

    private final Endpoints endpoints;
    private final PostgresUrl sampleFrom;
    private final List<AtomicReference<DrillPlan>> created = new ArrayList<>();
    private final AtomicReference<WorkloadRunner> running = new AtomicReference<>();
    private final AtomicBoolean aborted = new AtomicBoolean();
    /** Held by a run from start to the end of its cleanup: Ctrl-C waits for it before the JVM goes. */
    private final java.util.concurrent.locks.ReentrantLock runLock = new java.util.concurrent.locks.ReentrantLock();
    private Path saveDir;

    /** Keep each run's MONITOR capture as {@code DIR/<run>.monitor.log}, for analyze and simulate later. */
    public Drill saveCapturesTo(Path dir) {
        this.saveDir = dir;
        return this;
    }

    private String hashTag;

    /** Every key carries the hash tag {@code {tag}} (null: none): on a Redis Cluster node, see {@link ClusterPlacement}. */
    public Drill hashTag(String tag) {
        this.hashTag = tag;
        return this;
    }

    /** {@code sampleFrom}: where pg_stat_activity is sampled (null: no sampling). */
    public Drill(Endpoints endpoints, PostgresUrl sampleFrom) {
        this.endpoints = endpoints;
        this.sampleFrom = sampleFrom;
    }

    /** Runs {@code s}; {@code predict}: the simulate policies to replay this run's capture under. */
    public DrillResult run(DrillSettings s, String runId, List<String> predict) throws Exception {
        runLock.lock();
        try {
            if (aborted.get()) {
                throw new InterruptedException("the drill was stopped");
            }
            return runLocked(s, runId, predict);
        } finally {
            runLock.unlock();
        }
    }

    private DrillResult runLocked(DrillSettings s, String runId, List<String> predict) throws Exception {
        ClientCounts counts = new ClientCounts();
        DrillPlan plan = DrillPlan.of(s, runId, hashTag, counts);
        AtomicReference<DrillPlan> mine = new AtomicReference<>();
        synchronized (created) {
            created.add(mine);
        }
        List<String> notes = new ArrayList<>();
        Path capture = Files.createTempFile("stampede-doctor-drill-", ".monitor.log");
        try {
            try (Connection admin = endpoints.postgres()) {
                mine.set(plan); // from here on, cleanup drops the table and removes the keys
                DrillTable.create(admin, plan.table(), plan.workload().tableRows());
            }
            WorkloadRunner runner = new WorkloadRunner(endpoints);
            running.set(runner);
            CaptureAnalyzer analyzer = new CaptureAnalyzer(AnalyzerOptions.defaults());
            long start = System.currentTimeMillis();
            BoundedOutputStream save = new BoundedOutputStream(Files.newOutputStream(capture), MAX_CAPTURE_BYTES);
            List<DbSample> samples = null;
            Long statementCalls = null;
            try (RedisConnection monitor = endpoints.redis(); OutputStream saving = save) {
                InputStream raw = monitor.monitor();
                MonitorSource source = new MonitorSource(monitor, raw,
                        TimeUnit.MILLISECONDS.toNanos(s.durationMillis() + 120_000), saving);
                AtomicReference<IOException> lost = new AtomicReference<>();
                Thread reader = new Thread(() -> {
                    try {
                        analyzer.read("drill " + runId, source);
                    } catch (IOException e) {
                        lost.set(e);
                    }
                }, "drill-monitor");
                reader.setDaemon(true);
                reader.start();
                ActivitySampler sampler = startSampler(s, notes);
                try {
                    runner.run(plan.workload(), s.clients(), s.connections(), s.processes(), counts, plan.setup(),
                            plan.actions());
                    notes.addAll(runner.notes());
                    Thread.sleep(DRAIN_MILLIS); // the last MONITOR lines and samples
                } finally {
                    source.stop("duration");
                    reader.join(10_000);
                    if (sampler != null) {
                        samples = sampler.finish();
                        statementCalls = rebuildCalls(sampler, plan.table());
                        notes.addAll(sampler.notes());
                        sampler.close();
                    }
                }
                if (lost.get() != null) {
                    throw lost.get();
                }
            }
            if (save.overflowed()) {
                notes.add("The MONITOR capture passed " + (MAX_CAPTURE_BYTES >> 20) + " MB and was cut: no simulation.");
            }
            long durationMs = System.currentTimeMillis() - start;
            if (saveDir != null) {
                Path kept = saveDir.resolve(runId + ".monitor.log");
                Files.copy(capture, kept);
                notes.add("MONITOR capture saved to " + kept + ".");
            }
            Report report = analyzer.report();
            DrillResult.Prediction predicted = save.overflowed() || predict.isEmpty() ? null : simulate(capture, predict);
            DrillResult.Latency latency = latency(counts.latencies());
            boolean shared = s.connections() == ConnectionMode.SHARED;
            return new DrillResult(s.scenario().label(), s.mitigation().label(), s.mitigation().addresses(s.scenario()),
                    s.clients(), s.connections().label(), shared ? s.processes() : 1,
                    shared ? runner.sharedAddresses() : null, durationMs, plan.keyPrefix(), plan.workload().keys().size(), counts.reads(),
                    counts.misses(), counts.rebuilds(), counts.staleServedCount(),
                    samples == null ? null : peakConcurrent(samples, plan.table()), statementCalls, latency,
                    counts.triggers().stream().map(t -> java.math.BigDecimal.valueOf(t, 3)).toList(), verdict(report, plan.keyPrefix()),
                    predicted, List.copyOf(notes));
        } finally {
            running.set(null);
            Files.deleteIfExists(capture);
            cleanUp(mine);
        }
    }

    private ActivitySampler startSampler(DrillSettings s, List<String> notes) {
        if (sampleFrom == null) {
            return null;
        }
        try {
            return ActivitySampler.start(sampleFrom, TimeUnit.MILLISECONDS.toNanos(10),
                    (int) Math.min(100_000, s.durationMillis() / 10 + 1_000));
        } catch (java.sql.SQLException e) {
            notes.add("pg_stat_activity could not be sampled: " + e.getMessage());
            return null;
        }
    }

    private static Long rebuildCalls(ActivitySampler sampler, String table) {
        List<dev.stampededoctor.detectors.db.DatabaseSummary.StatementCalls> calls = sampler.statementCalls();
        if (calls == null) {
            return null;
        }
        return calls.stream().filter(c -> c.query() != null && c.query().contains(table) && c.query().contains("pg_sleep"))
                .mapToLong(dev.stampededoctor.detectors.db.DatabaseSummary.StatementCalls::calls).sum();
    }

    /** The most rebuild queries active in one sample. */
    static int peakConcurrent(List<DbSample> samples, String table) {
        int peak = 0;
        for (DbSample sample : samples) {
            int n = 0;
            for (DbSample.Row row : sample.rows()) {
                if (row.query() != null && row.query().contains(table) && row.query().contains("pg_sleep")) {
                    n++;
                }
            }
            peak = Math.max(peak, n);
        }
        return peak;
    }

    static DrillResult.Latency latency(LatencyHistogram h) {
        return new DrillResult.Latency(round(h.quantileMillis(0.50)), round(h.quantileMillis(0.99)),
                round(h.quantileMillis(0.999)), round(h.quantileMillis(1.0)), h.count());
    }

    private static double round(double ms) {
        return Math.round(ms * 100) / 100.0;
    }

    static DrillResult.Verdict verdict(Report report, String prefix) {
        List<DrillResult.Finding> findings = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (CacheEvent e : report.events()) {
            String name = e.key() != null ? e.key() : e.keyPattern();
            if (name == null || !name.startsWith(prefix)) {
                continue; // other traffic on a shared server
            }
            findings.add(new DrillResult.Finding(e.kind(), e.key(), e.keyPattern(), e.keys(), e.misses(), e.rebuilds(),
                    e.trigger() == null ? null : e.trigger().at(), e.confidence()));
            if (e.isAlarm() && !kinds.contains(e.kind())) {
                kinds.add(e.kind());
            }
        }
        return new DrillResult.Verdict(kinds.isEmpty(), List.copyOf(kinds), List.copyOf(findings));
    }

    private static DrillResult.Prediction simulate(Path capture, List<String> policies) throws IOException {
        CaptureSimulator simulator = new CaptureSimulator(AnalyzerOptions.DEFAULT_MAX_LINE_BYTES, 4_000_000);
        try (InputStream in = Files.newInputStream(capture)) {
            simulator.read(capture.getFileName().toString(), in);
        }
        SimulationReport r = simulator.simulate(policies.stream().map(Policies::parse).toList(), -1);
        List<DrillResult.PolicyPrediction> out = new ArrayList<>();
        for (PolicyResult p : r.policies()) {
            out.add(new DrillResult.PolicyPrediction(p.policy(), p.parameters(), p.rebuilds(), p.peakConcurrentRebuilds()));
        }
        return new DrillResult.Prediction(r.rebuildMs(), List.copyOf(out));
    }

    /** Stops a run under way (Ctrl-C), waits for its clients, and removes everything every run created. */
    public void abort() {
        aborted.set(true);
        WorkloadRunner r = running.get();
        if (r != null) {
            r.stop();
        }
        try {
            // The run under way cleans up after itself once its clients stop; wait for that.
            if (runLock.tryLock(30, TimeUnit.SECONDS)) {
                runLock.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<AtomicReference<DrillPlan>> all;
        synchronized (created) {
            all = List.copyOf(created);
        }
        all.forEach(this::cleanUp);
    }

    /** Removes the run's keys and drops its table, once; failures are reported, not thrown. */
    private void cleanUp(AtomicReference<DrillPlan> ref) {
        DrillPlan plan = ref.getAndSet(null);
        if (plan == null) {
            return;
        }
        List<String> problems = new ArrayList<>();
        try (RedisConnection r = endpoints.redis()) {
            if (plan.workload().db() != 0) {
                r.call("SELECT", String.valueOf(plan.workload().db()));
            }
            removeKeys(r, plan.keyPrefix());
        } catch (IOException | RuntimeException e) {
            problems.add("keys " + plan.keyPrefix() + "* (" + e.getMessage() + "; they expire by themselves)");
        }
        try (Connection db = endpoints.postgres()) {
            DrillTable.drop(db, plan.table());
        } catch (java.sql.SQLException | RuntimeException e) {
            problems.add("table " + plan.table() + " (" + e.getMessage() + ")");
        }
        if (!problems.isEmpty()) {
            cleanupProblems.addAll(problems);
        }
    }

    private final List<String> cleanupProblems = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** What could not be removed, for the report and stderr. */
    public List<String> cleanupProblems() {
        return List.copyOf(cleanupProblems);
    }

    /** SCAN MATCH prefix* and UNLINK what it finds, in batches. */
    static void removeKeys(RedisConnection r, String prefix) throws IOException {
        String cursor = "0";
        do {
            List<?> reply = (List<?>) r.call("SCAN", cursor, "MATCH", prefix + "*", "COUNT", "1000");
            cursor = new String((byte[]) reply.get(0), StandardCharsets.US_ASCII);
            List<?> keys = (List<?>) reply.get(1);
            if (!keys.isEmpty()) {
                byte[][] command = new byte[keys.size() + 1][];
                command[0] = "UNLINK".getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < keys.size(); i++) {
                    command[i + 1] = (byte[]) keys.get(i);
                }
                r.call(command);
            }
        } while (!cursor.equals("0"));
    }
}
