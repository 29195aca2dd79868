package dev.stampededoctor.cli.exporter;

import dev.stampededoctor.cli.redis.KeyEventStream;
import dev.stampededoctor.detectors.monitor.MonitorLineWriter;
import dev.stampededoctor.detectors.source.KeyEventSource;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The exporter's keyspace events, cut into windows the engine reads one after the other. One
 * queue outlives the windows: what arrives while a window's report is being made waits for the
 * next window instead of being lost. A window ends at a lull: past its length it goes on while
 * events keep coming less than {@link #QUIET_NANOS} apart, up to half its length again, so that
 * an episode (a DEL, the burst of misses, the refills) is not cut in two and misread as a
 * stampede without a trigger. Bounded: at most {@link #MAX_QUEUED} events wait; more are dropped
 * and counted.
 */
final class EventWindows {
    static final int MAX_QUEUED = 100_000;
    private static final long POLL_MILLIS = 100;
    static final long QUIET_NANOS = 500_000_000L;
    private static final byte[] HEADER = (KeyEventSource.HEADER + "\n").getBytes(StandardCharsets.US_ASCII);

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(MAX_QUEUED);
    private final int db;
    private final MonitorLineWriter writer = new MonitorLineWriter();
    private final AtomicLong dropped = new AtomicLong();
    private final Map<String, AtomicLong> received = new ConcurrentHashMap<>();

    EventWindows(int db) {
        this.db = db;
    }

    /** Takes one event (the subscriber's thread), stamped as it arrives. */
    void event(String name, byte[] key) {
        received.computeIfAbsent(name, n -> new AtomicLong()).incrementAndGet();
        if (!queue.offer(KeyEventStream.line(writer, db, name, key))) {
            dropped.incrementAndGet();
        }
    }

    /** Events received so far, by keyevent name (any thread). */
    Map<String, AtomicLong> received() {
        return received;
    }

    /** Events dropped because the engine fell behind by {@link #MAX_QUEUED} (any thread). */
    long dropped() {
        return dropped.get();
    }

    /** The next window: the stream's header, then events until {@code durationNanos} pass or {@code stop} says so. */
    InputStream window(long durationNanos, BooleanSupplier stop) {
        long now = System.nanoTime();
        return new Window(now + durationNanos, now + durationNanos + durationNanos / 2, stop);
    }

    private final class Window extends InputStream {
        private final long deadline;
        private final long latest;
        private final BooleanSupplier stop;
        private byte[] pending = HEADER;
        private int at;
        private long lastEvent = Long.MIN_VALUE / 2;

        Window(long deadline, long latest, BooleanSupplier stop) {
            this.deadline = deadline;
            this.latest = latest;
            this.stop = stop;
        }

        private boolean over() {
            long now = System.nanoTime();
            return stop.getAsBoolean() || now >= latest || (now >= deadline && now - lastEvent >= QUIET_NANOS);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            while (at == pending.length) {
                if (over()) {
                    return -1;
                }
                try {
                    byte[] next = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    if (next != null) {
                        pending = next;
                        at = 0;
                        lastEvent = System.nanoTime();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
            }
            int n = Math.min(len, pending.length - at);
            System.arraycopy(pending, at, b, off, n);
            at += n;
            return n;
        }
    }
}
