package dev.stampededoctor.cli.watch;

import dev.stampededoctor.detectors.db.DbSample;
import dev.stampededoctor.detectors.db.QueryFingerprint;
import dev.stampededoctor.detectors.live.LiveSnapshot;
import dev.stampededoctor.detectors.report.LiveSummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns snapshots into frames: the rates between the last two snapshots, and the PostgreSQL
 * pane's groups and concurrency history. One per watch, used on the screen's thread.
 */
final class FrameMaker {
    private static final int HISTORY = 60;

    private final WatchFrame.Header header;
    private final String dbTarget;
    private LiveSnapshot previous;
    private long previousNanos;
    private LiveSnapshot current;
    private long currentNanos;
    private final int[] active = new int[HISTORY];
    private int activeCount;

    FrameMaker(WatchFrame.Header header, String dbTarget) {
        this.header = header;
        this.dbTarget = dbTarget;
    }

    /** Takes a snapshot taken at {@code nanos} ({@link System#nanoTime}). */
    void add(LiveSnapshot snapshot, long nanos) {
        previous = current;
        previousNanos = currentNanos;
        current = snapshot;
        currentNanos = nanos;
    }

    /** Notes the active backends once per redraw, for the concurrency chart. */
    void addDbSample(DbSample sample) {
        int n = sample == null ? 0 : sample.rows().size();
        if (activeCount == HISTORY) {
            System.arraycopy(active, 1, active, 0, HISTORY - 1);
            activeCount--;
        }
        active[activeCount++] = n;
    }

    WatchFrame frame(long leftMillis, LiveSummary.InfoSample info, DbSample db, String dbFailure) {
        WatchFrame.DbPane pane = dbTarget == null ? null
                : new WatchFrame.DbPane(dbTarget, groups(db), Arrays.copyOf(active, activeCount), dbFailure);
        if (current == null) {
            return new WatchFrame(header, leftMillis, info, 0, 0, 0, List.of(), 0, List.of(), List.of(), List.of(),
                    List.of(), pane);
        }
        double seconds = previous == null ? 0 : Math.max(1e-3, (currentNanos - previousNanos) / 1e9);
        double commandsPerSecond = seconds == 0 ? 0 : (current.commands() - previous.commands()) / seconds;
        return new WatchFrame(header, leftMillis, info, commandsPerSecond, current.commands(), current.misses(),
                current.inProgress(), current.atMicros(), current.incidents(), current.events(), keys(seconds),
                patterns(seconds), pane);
    }

    private List<WatchFrame.KeyRow> keys(double seconds) {
        Map<String, LiveSnapshot.KeyCount> before = new HashMap<>();
        if (previous != null) {
            previous.hotKeys().forEach(k -> before.put(k.db() + " " + k.key(), k));
        }
        List<WatchFrame.KeyRow> out = new ArrayList<>();
        for (LiveSnapshot.KeyCount k : current.hotKeys()) {
            LiveSnapshot.KeyCount b = before.get(k.db() + " " + k.key());
            long reads = k.reads() - (b == null ? 0 : b.reads());
            long misses = k.misses() - (b == null ? 0 : b.misses());
            String name = k.db() == 0 ? k.key() : k.key() + " (db " + k.db() + ")";
            out.add(new WatchFrame.KeyRow(name, rate(reads, seconds), rate(misses, seconds), hit(reads, misses),
                    k.ttlLeftMicros() < 0 ? -1 : k.ttlLeftMicros() / 1000));
        }
        return out;
    }

    private List<WatchFrame.PatternRow> patterns(double seconds) {
        Map<String, LiveSnapshot.PatternCount> before = new HashMap<>();
        if (previous != null) {
            previous.patterns().forEach(p -> before.put(p.db() + " " + p.pattern(), p));
        }
        List<WatchFrame.PatternRow> out = new ArrayList<>();
        for (LiveSnapshot.PatternCount p : current.patterns()) {
            LiveSnapshot.PatternCount b = before.get(p.db() + " " + p.pattern());
            long reads = p.reads() - (b == null ? 0 : b.reads());
            long misses = p.misses() - (b == null ? 0 : b.misses());
            String name = p.db() == 0 ? p.pattern() : p.pattern() + " (db " + p.db() + ")";
            long fills = p.fills() - (b == null ? 0 : b.fills());
            out.add(new WatchFrame.PatternRow(name, rate(reads, seconds), rate(misses, seconds), hit(reads, misses),
                    rate(fills, seconds)));
        }
        return out;
    }

    /** Per second over the interval; before a second snapshot, the totals so far stand in. */
    private static double rate(long n, double seconds) {
        return seconds == 0 ? n : Math.max(0, n) / seconds;
    }

    private static Double hit(long reads, long misses) {
        return reads <= 0 ? null : Math.max(0, Math.min(100, (reads - misses) * 100.0 / reads));
    }

    private static List<WatchFrame.QueryGroup> groups(DbSample sample) {
        if (sample == null) {
            return List.of();
        }
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, String> text = new HashMap<>();
        for (DbSample.Row r : sample.rows()) {
            String group = r.queryId() != null ? "id " + r.queryId() : QueryFingerprint.of(r.query());
            counts.computeIfAbsent(group, g -> new int[1])[0]++;
            text.putIfAbsent(group, r.query() == null ? "" : r.query().replaceAll("\\s+", " ").strip());
        }
        List<WatchFrame.QueryGroup> out = new ArrayList<>();
        counts.forEach((g, n) -> out.add(new WatchFrame.QueryGroup(n[0], text.get(g))));
        out.sort(Comparator.comparingInt(WatchFrame.QueryGroup::running).reversed());
        return out;
    }
}
