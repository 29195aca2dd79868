package dev.stampededoctor.cli.redis;

import dev.stampededoctor.detectors.report.LiveSummary;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Watches Redis while MONITOR runs, on a connection of its own, once a second: INFO's counters
 * (hits, misses, expiries, evictions, ops/s) for the timeline, and the output buffer Redis holds
 * for our MONITOR connection ({@code omem} in CLIENT LIST). When that buffer passes the bound, we
 * are not keeping up and Redis is paying for it in memory: the watcher stops the scan.
 */
public final class LiveWatcher implements AutoCloseable {
    private static final long PERIOD_MILLIS = 1_000;

    private final RedisConnection connection;
    private final long monitorClientId;
    private final long maxClientBuffer;
    private final LiveSource source;
    private final long startNanos = System.nanoTime();
    private final Counters first;
    private final List<LiveSummary.InfoSample> timeline = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peakOmem;
    private volatile IOException failure;
    private volatile Counters last;
    private volatile Latest latest;
    /** When the call under way began (nanoTime), 0 between calls: how a stalled server shows. */
    private volatile long callStartedNanos;
    /** Held by a sample and by the final INFO: one call on the connection at a time. */
    private final java.util.concurrent.locks.ReentrantLock calls = new java.util.concurrent.locks.ReentrantLock();
    /** A call unanswered this long means Redis has stopped answering (SIGSTOP, a long script, swap). */
    static final long STALL_NANOS = 2_000_000_000L;

    /** Counters of INFO stats at one instant. */
    record Counters(long hits, long misses, long expired, long evicted, long commands, long opsPerSecond) {
        static Counters of(ServerInfo info) {
            return new Counters(number(info, "keyspace_hits"), number(info, "keyspace_misses"),
                    number(info, "expired_keys"), number(info, "evicted_keys"),
                    number(info, "total_commands_processed"), number(info, "instantaneous_ops_per_sec"));
        }

        private static long number(ServerInfo info, String field) {
            String v = info.get(field);
            try {
                return v == null ? 0 : Long.parseLong(v);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }

    public LiveWatcher(RedisConnection connection, long monitorClientId, long maxClientBuffer, LiveSource source)
            throws IOException {
        this.connection = connection;
        this.monitorClientId = monitorClientId;
        this.maxClientBuffer = maxClientBuffer;
        this.source = source;
        this.first = Counters.of(ServerInfo.read(connection, "stats"));
        this.last = first;
        this.thread = new Thread(this::loop, "redis-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(PERIOD_MILLIS);
                if (!running) {
                    return;
                }
                sample();
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                failure = e;
                source.stop("connection-lost");
                return;
            }
        }
    }

    private void sample() throws IOException {
        calls.lock();
        callStartedNanos = System.nanoTime();
        try {
            sampleNow();
        } finally {
            callStartedNanos = 0;
            calls.unlock();
        }
    }

    private void sampleNow() throws IOException {
        long omem = clientOutputBytes();
        peakOmem = Math.max(peakOmem, omem);
        if (omem > maxClientBuffer) {
            source.stop("client-buffer");
        }
        Counters now = Counters.of(ServerInfo.read(connection, "stats"));
        long hits = now.hits - last.hits;
        long misses = now.misses - last.misses;
        LiveSummary.InfoSample sample = new LiveSummary.InfoSample(
                Math.round((System.nanoTime() - startNanos) / 1e7) / 100.0, now.opsPerSecond,
                hits + misses == 0 ? null : round((double) hits / (hits + misses)),
                now.expired - last.expired, now.evicted - last.evicted);
        synchronized (timeline) {
            timeline.add(sample);
        }
        latest = new Latest(sample, hits, misses);
        last = now;
    }

    /**
     * An INFO sample with the hits and misses of its interval, which its hit ratio is made of:
     * what several nodes' samples are added up from ({@code InfoOfNodes}).
     */
    public record Latest(LiveSummary.InfoSample sample, long hits, long misses) {
    }

    /** The last INFO sample and its interval's hits and misses, null before the first (any thread). */
    public Latest latestWithReads() {
        return latest;
    }

    /** Whether a call has been waiting for Redis for over {@link #STALL_NANOS} (any thread). */
    public boolean stalled() {
        long started = callStartedNanos;
        return started != 0 && System.nanoTime() - started > STALL_NANOS;
    }

    /** {@code omem} of our MONITOR connection: CLIENT LIST ID where the server has it (6.2+). */
    private long clientOutputBytes() throws IOException {
        if (monitorClientId < 0) {
            return 0; // no MONITOR client of ours (a packet capture): nothing buffers for us
        }
        String list;
        try {
            list = connection.callForText("CLIENT", "LIST", "ID", String.valueOf(monitorClientId));
        } catch (RedisReplyException e) {
            list = connection.callForText("CLIENT", "LIST");
        }
        String id = "id=" + monitorClientId + " ";
        for (String line : list.split("\n")) {
            if (line.startsWith(id)) {
                int at = line.indexOf(" omem=");
                if (at >= 0) {
                    int from = at + 6;
                    int to = line.indexOf(' ', from);
                    return Long.parseLong(line.substring(from, to < 0 ? line.length() : to).strip());
                }
            }
        }
        return 0;
    }

    /** The last INFO sample, null before the first (any thread). */
    public LiveSummary.InfoSample latest() {
        Latest l = latest;
        return l == null ? null : l.sample();
    }

    static double round(double d) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.4f", d));
    }

    public long peakClientOutputBytes() {
        return peakOmem;
    }

    /**
     * Stops sampling, takes the last INFO and returns the change over the scan. A stalled server
     * (a sample waiting on it, or no turn at the connection within 2 s) is not asked again: the
     * last sample's counters stand, and the report is not held up by the timeout.
     */
    public LiveSummary.InfoDelta finish() {
        running = false;
        thread.interrupt();
        Counters end = last;
        try {
            if (failure == null && !stalled() && calls.tryLock(STALL_NANOS, java.util.concurrent.TimeUnit.NANOSECONDS)) {
                try {
                    end = Counters.of(ServerInfo.read(connection, "stats"));
                } finally {
                    calls.unlock();
                }
            }
        } catch (IOException e) {
            // the timeline so far stands; the end counters are the last sample's
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long hits = end.hits - first.hits;
        long misses = end.misses - first.misses;
        return new LiveSummary.InfoDelta(hits, misses, hits + misses == 0 ? null : round((double) hits / (hits + misses)),
                end.expired - first.expired, end.evicted - first.evicted, end.commands - first.commands);
    }

    public List<LiveSummary.InfoSample> timeline() {
        synchronized (timeline) {
            return List.copyOf(timeline);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        connection.close();
    }
}
