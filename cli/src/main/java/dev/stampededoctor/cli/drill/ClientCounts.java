package dev.stampededoctor.cli.drill;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the clients themselves saw: the ground truth the detectors and the simulator are held to.
 * A miss is a read that found no value; a rebuild is a query on the database (after a miss, or
 * an early or stale refresh).
 */
public final class ClientCounts {
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong rebuilds = new AtomicLong();
    private final AtomicLong staleServed = new AtomicLong();
    private final Map<String, AtomicInteger> missesByKey = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> rebuildsByKey = new ConcurrentHashMap<>();
    private final LatencyHistogram latencies = new LatencyHistogram();
    private final java.util.List<Long> triggers = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Every miss and rebuild with its time, only when asked for ({@link #withTimeline()}); else null. */
    private final java.util.Queue<Moment> timeline;

    /** One miss or rebuild of {@code key} at {@code epochMillis}. */
    public record Moment(String key, long epochMillis, boolean rebuild) {
    }

    public ClientCounts() {
        this(false);
    }

    private ClientCounts(boolean timeline) {
        this.timeline = timeline ? new java.util.concurrent.ConcurrentLinkedQueue<>() : null;
    }

    /**
     * Counts that also keep the time of every miss and rebuild (unbounded: for the short runs of
     * the labelled scenarios, which split one key's counts into its separate herds).
     */
    public static ClientCounts withTimeline() {
        return new ClientCounts(true);
    }

    /** The misses and rebuilds in time order; empty unless made {@link #withTimeline()}. */
    public java.util.List<Moment> timeline() {
        if (timeline == null) {
            return java.util.List.of();
        }
        java.util.List<Moment> out = new java.util.ArrayList<>(timeline);
        out.sort(java.util.Comparator.comparingLong(Moment::epochMillis));
        return out;
    }

    void read() {
        reads.incrementAndGet();
    }

    public void miss(String key) {
        misses.incrementAndGet();
        missesByKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        if (timeline != null) {
            timeline.add(new Moment(key, System.currentTimeMillis(), false));
        }
    }

    public void rebuild(String key) {
        rebuilds.incrementAndGet();
        rebuildsByKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        if (timeline != null) {
            timeline.add(new Moment(key, System.currentTimeMillis(), true));
        }
    }

    void staleServed() {
        staleServed.incrementAndGet();
    }

    synchronized void addLatencies(LatencyHistogram client) {
        latencies.add(client);
    }

    /** A trigger of the scenario fired (or the TTL it set runs out then), epoch ms. */
    public void trigger(long epochMillis) {
        triggers.add(epochMillis);
    }

    /** The first trigger, epoch ms; 0 when none fired. */
    public long triggerMillis() {
        return triggers.isEmpty() ? 0 : triggers.get(0);
    }

    /** Every trigger, epoch ms, in order. */
    public java.util.List<Long> triggers() {
        return java.util.List.copyOf(triggers);
    }

    public long reads() {
        return reads.get();
    }

    public long misses() {
        return misses.get();
    }

    public long rebuilds() {
        return rebuilds.get();
    }

    public long staleServedCount() {
        return staleServed.get();
    }

    public int misses(String key) {
        AtomicInteger n = missesByKey.get(key);
        return n == null ? 0 : n.get();
    }

    public int rebuilds(String key) {
        AtomicInteger n = rebuildsByKey.get(key);
        return n == null ? 0 : n.get();
    }

    public synchronized LatencyHistogram latencies() {
        LatencyHistogram copy = new LatencyHistogram();
        copy.add(latencies);
        return copy;
    }
}
