package dev.stampededoctor.cli.redis;

import dev.stampededoctor.detectors.monitor.MonitorLineWriter;
import dev.stampededoctor.detectors.source.KeyEventSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code scan --source events}: keyspace events, subscribed to by {@link KeyspaceNotifications},
 * as a live stream in the format {@link KeyEventSource} reads (its header, then one line per
 * event, stamped when it arrived). For a server where MONITOR is refused or not wanted; costs
 * Redis one publish per event. Bounded: {@link #MAX_QUEUED} events wait at most (more are
 * dropped and counted), and the stream ends at its deadline or when stopped.
 */
public final class KeyEventStream extends LiveSource {
    static final int MAX_QUEUED = 100_000;
    /** E: keyevent channels; g: del; x: expired; e: evicted; m: keymiss; $ and h: the writes that refill. */
    public static final String FLAGS = "Egxem$h";
    private static final long POLL_MILLIS = 100;

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(MAX_QUEUED);
    private final long deadlineNanos;
    private final int db;
    private final MonitorLineWriter writer = new MonitorLineWriter();
    private byte[] pending = (KeyEventSource.HEADER + "\n").getBytes(StandardCharsets.US_ASCII);
    private int pendingAt;
    private volatile long bytes;
    private volatile long dropped;

    public KeyEventStream(long durationNanos, int db) {
        this.deadlineNanos = System.nanoTime() + durationNanos;
        this.db = db;
    }

    /** Takes one event (the subscriber's thread): the listener to give {@link KeyspaceNotifications}. */
    public void event(String name, byte[] key) {
        byte[] line = line(writer, db, name, key);
        if (!queue.offer(line)) {
            dropped++;
        }
    }

    /** One event as a line of this stream's format, stamped now, newline included; {@code writer} is the caller's, locked here. */
    public static byte[] line(MonitorLineWriter writer, int db, String name, byte[] key) {
        byte[] line;
        synchronized (writer) {
            java.time.Instant now = java.time.Instant.now();
            KeyEventSource.write(writer, now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000, db, name, key);
            line = Arrays.copyOf(writer.buffer(), writer.length() + 1);
        }
        line[line.length - 1] = '\n';
        return line;
    }

    /** Events dropped because the reader fell behind by {@link #MAX_QUEUED}. */
    public long dropped() {
        return dropped;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (pending == null || pendingAt == pending.length) {
            if (stopRequested() || System.nanoTime() >= deadlineNanos) {
                stop("duration"); // kept only when nothing stopped it first
                return -1;
            }
            runBeforeRead();
            try {
                pending = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                pendingAt = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop("interrupt");
            }
        }
        int n = Math.min(len, pending.length - pendingAt);
        System.arraycopy(pending, pendingAt, b, off, n);
        pendingAt += n;
        bytes += n;
        copyToSave(b, off, n);
        return n;
    }

    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public void close() {
        stop("closed");
    }
}
