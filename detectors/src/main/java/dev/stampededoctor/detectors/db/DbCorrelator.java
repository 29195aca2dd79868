package dev.stampededoctor.detectors.db;

import dev.stampededoctor.detectors.report.CacheEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Correlates cache events with {@code pg_stat_activity} samples. Backends are grouped by
 * {@code query_id} when present, else by {@link QueryFingerprint}.
 *
 * <p>The rule: an event's window runs from its trigger to the end of its episode plus
 * {@value #SLACK_MILLIS} ms. The group correlated with it is the one whose peak concurrency in
 * the window rises most above its mean concurrency in the {@value #BASELINE_MILLIS} ms before
 * the trigger, by at least one backend, with at least one execution starting in the window.
 * A burst is a run of samples in which one group has at least {@code minBurst} backends, outside
 * every event's window.
 */
public final class DbCorrelator {
    static final long SLACK_MILLIS = 1_000;
    static final long BASELINE_MILLIS = 2_000;

    private final List<DbSample> samples;
    private final int minBurst;

    public DbCorrelator(List<DbSample> samples, int minBurst) {
        this.samples = new ArrayList<>(samples);
        this.samples.sort((a, b) -> Long.compare(a.at(), b.at()));
        this.minBurst = minBurst;
    }

    static String group(DbSample.Row r) {
        return r.queryId() != null && r.queryId() != 0 ? "id:" + r.queryId() : "fp:" + QueryFingerprint.of(r.query());
    }

    /** The event with its {@code dbCorrelation}, or the event unchanged when no group rose. */
    public CacheEvent correlate(CacheEvent e) {
        long trigger = e.trigger().at().movePointRight(6).longValue();
        long windowEnd = trigger + (long) (Math.max(100, e.evidence().durationMs()) * 1000) + SLACK_MILLIS * 1000;
        Map<String, int[]> peak = new HashMap<>();
        Map<String, double[]> baseline = new HashMap<>();
        Map<String, Set<Long>> started = new HashMap<>();
        Map<String, Long> firstStart = new HashMap<>();
        Map<String, DbSample.Row> example = new HashMap<>();
        int baselineSamples = 0;
        for (DbSample s : samples) {
            boolean before = s.at() >= trigger - BASELINE_MILLIS * 1000 && s.at() < trigger;
            boolean inside = s.at() >= trigger && s.at() <= windowEnd;
            if (!before && !inside) {
                continue;
            }
            Map<String, Integer> counts = counts(s);
            if (before) {
                baselineSamples++;
                counts.forEach((g, n) -> baseline.computeIfAbsent(g, k -> new double[1])[0] += n);
                continue;
            }
            counts.forEach((g, n) -> peak.computeIfAbsent(g, k -> new int[1])[0] = Math.max(peak.get(g)[0], n));
            for (DbSample.Row r : s.rows()) {
                if (r.queryStart() >= trigger && r.queryStart() <= windowEnd) {
                    String g = group(r);
                    started.computeIfAbsent(g, k -> new HashSet<>()).add((long) r.pid() << 40 ^ r.queryStart());
                    firstStart.merge(g, r.queryStart(), Math::min);
                    example.putIfAbsent(g, r);
                }
            }
        }
        String best = null;
        double bestRise = 0;
        for (Map.Entry<String, int[]> p : peak.entrySet()) {
            String g = p.getKey();
            if (!started.containsKey(g)) {
                continue;
            }
            double base = baselineSamples == 0 ? 0 : baseline.getOrDefault(g, new double[1])[0] / baselineSamples;
            double rise = p.getValue()[0] - base;
            if (rise >= 1 && rise > bestRise) {
                best = g;
                bestRise = rise;
            }
        }
        if (best == null) {
            return e;
        }
        DbSample.Row r = example.get(best);
        double base = baselineSamples == 0 ? 0 : baseline.getOrDefault(best, new double[1])[0] / baselineSamples;
        return e.withDbCorrelation(new DbCorrelation(QueryFingerprint.of(r.query()), r.queryId(), peak.get(best)[0],
                Math.round(base * 100) / 100.0, started.get(best).size(),
                Math.round((firstStart.get(best) - trigger) / 100.0) / 10.0));
    }

    /** Runs of samples where one group has at least {@code minBurst} backends, outside every event's window. */
    public List<DbBurst> bursts(List<CacheEvent> events) {
        List<long[]> windows = new ArrayList<>();
        for (CacheEvent e : events) {
            long t = e.trigger().at().movePointRight(6).longValue();
            windows.add(new long[] {t, t + (long) (Math.max(100, e.evidence().durationMs()) * 1000) + SLACK_MILLIS * 1000});
        }
        List<DbBurst> bursts = new ArrayList<>();
        Map<String, long[]> open = new HashMap<>(); // group -> {from, to, peak}
        Map<String, DbSample.Row> example = new HashMap<>();
        for (DbSample s : samples) {
            boolean explained = windows.stream().anyMatch(w -> s.at() >= w[0] && s.at() <= w[1]);
            Map<String, Integer> counts = counts(s);
            for (DbSample.Row r : s.rows()) {
                example.putIfAbsent(group(r), r);
            }
            for (String g : new ArrayList<>(open.keySet())) {
                if (counts.getOrDefault(g, 0) < minBurst || explained) {
                    long[] b = open.remove(g);
                    bursts.add(burst(example.get(g), b));
                }
            }
            if (explained) {
                continue;
            }
            counts.forEach((g, n) -> {
                if (n >= minBurst) {
                    long[] b = open.computeIfAbsent(g, k -> new long[] {s.at(), s.at(), 0});
                    b[1] = s.at();
                    b[2] = Math.max(b[2], n);
                }
            });
        }
        open.forEach((g, b) -> bursts.add(burst(example.get(g), b)));
        bursts.sort((a, b) -> Double.compare(a.from(), b.from()));
        return bursts;
    }

    private static DbBurst burst(DbSample.Row r, long[] b) {
        return new DbBurst(QueryFingerprint.of(r.query()), r.queryId(), b[0] / 1e6, b[1] / 1e6, (int) b[2]);
    }

    private static Map<String, Integer> counts(DbSample s) {
        Map<String, Integer> counts = new HashMap<>();
        for (DbSample.Row r : s.rows()) {
            counts.merge(group(r), 1, Integer::sum);
        }
        return counts;
    }
}
