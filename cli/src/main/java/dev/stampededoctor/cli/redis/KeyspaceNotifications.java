package dev.stampededoctor.cli.redis;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code scan --notifications}: adds the keyevent flags the scan needs (del, expired, evicted,
 * keymiss) to {@code notify-keyspace-events}, subscribes, counts the events, and puts the exact
 * previous value back: {@link #restore} is idempotent and is called on every exit path (the
 * normal end, errors, and the Ctrl-C/SIGTERM hook).
 */
public final class KeyspaceNotifications {
    /** E: keyevent channels; g: DEL and friends; x: expired; e: evicted; m: keymiss (Redis 6+). */
    static final String NEEDED = "Egxem";

    private final RedisConnection control;
    private final RedisConnection subscriber;
    private final String previous;
    private volatile String applied;
    private volatile boolean changed;
    /** A CONFIG SET sent whose reply the starting thread has not read yet. */
    private boolean replyPending;
    private volatile Unrestored unrestored;
    /** How long a restore waits for the reply of the change in flight (the read timeout's default). */
    private static final long REPLY_WAIT_NANOS = 10_000_000_000L;
    private final Thread hook = new Thread(this::restore, "notify-keyspace-events-restore");
    private final PrintWriter err;
    private final AtomicBoolean restored = new AtomicBoolean();
    private final Map<String, Long> counts = new HashMap<>();
    private final Map<String, Long> keymissByKey = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    /** Each event as it comes (event name, key), for {@code --source events}; null to count only. */
    private final java.util.function.BiConsumer<String, byte[]> listener;

    private KeyspaceNotifications(RedisConnection control, RedisConnection subscriber, String previous, String applied,
            PrintWriter err, java.util.function.BiConsumer<String, byte[]> listener) {
        this.listener = listener;
        this.control = control;
        this.subscriber = subscriber;
        this.previous = previous;
        this.applied = applied;
        this.err = err;
        this.thread = new Thread(this::loop, "keyspace-notifications");
        thread.setDaemon(true);
    }

    /** The flags after adding what the scan needs to {@code current}. */
    static String withNeeded(String current) {
        return withNeeded(current, NEEDED);
    }

    /** The flags after adding {@code needed} to {@code current}. */
    static String withNeeded(String current, String needed) {
        StringBuilder b = new StringBuilder(current);
        for (char c : needed.toCharArray()) {
            boolean impliedByA = current.indexOf('A') >= 0 && (c == 'g' || c == 'x' || c == 'e');
            if (current.indexOf(c) < 0 && !impliedByA) {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * Reads the setting, sets the flags, subscribes to db {@code db}'s keyevents on
     * {@code subscriber}. The caller registers {@link #restore} on its exit paths first thing.
     */
    public static KeyspaceNotifications start(RedisConnection control, RedisConnection subscriber, int db,
            PrintWriter err) throws IOException {
        return start(control, subscriber, db, err, NEEDED, null);
    }

    /**
     * As {@link #start(RedisConnection, RedisConnection, int, PrintWriter)}, with the flags
     * {@code needed} and each event handed to {@code listener} (on the subscriber's thread).
     */
    public static KeyspaceNotifications start(RedisConnection control, RedisConnection subscriber, int db,
            PrintWriter err, String needed, java.util.function.BiConsumer<String, byte[]> listener) throws IOException {
        return start(control, subscriber, db, err, needed, listener, null);
    }

    /**
     * As {@link #start(RedisConnection, RedisConnection, int, PrintWriter, String, java.util.function.BiConsumer)},
     * after an earlier subscription of this process could not put the setting back ({@code earlier},
     * null if none): when the server still has the value that one left, the value before it is what
     * this one puts back, not the leftover.
     */
    public static KeyspaceNotifications start(RedisConnection control, RedisConnection subscriber, int db,
            PrintWriter err, String needed, java.util.function.BiConsumer<String, byte[]> listener, Unrestored earlier)
            throws IOException {
        String current = setting(control);
        boolean leftover = earlier != null && current.equals(earlier.applied());
        String previous = leftover ? earlier.previous() : current;
        String wanted = withNeeded(current, needed);
        KeyspaceNotifications n = new KeyspaceNotifications(control, subscriber, previous, wanted, err, listener);
        if (wanted.equals(previous)) {
            n.restored.set(true); // nothing changed, nothing to put back
        } else if (wanted.equals(current)) {
            Runtime.getRuntime().addShutdownHook(n.hook);
            n.changed = true;
            err.println("stampede-doctor: notify-keyspace-events is still '" + current + "', as the lost connection left"
                    + " it; it goes back to '" + previous + "' when stampede-doctor stops.");
            err.flush();
        } else {
            // The hook goes in before the change: a SIGTERM a millisecond after CONFIG SET still restores.
            Runtime.getRuntime().addShutdownHook(n.hook);
            n.change(wanted);
            n.applied = setting(control);
            err.println("stampede-doctor: notify-keyspace-events changed from '" + current + "' to '" + n.applied
                    + "' while stampede-doctor reads them; it goes back to '" + previous + "' when stampede-doctor stops.");
            err.flush();
        }
        try {
            n.subscribe(db);
        } catch (IOException e) {
            // Put it back before the caller closes the connections: a SIGTERM's hook closing the
            // subscriber under us is restoring already, and this waits for it to finish.
            n.restore();
            throw e;
        }
        n.thread.start();
        return n;
    }

    /** The flags of {@code needed} that {@code current} lacks ({@code A} standing for g, x and e…). */
    public static String missing(String current, String needed) {
        return withNeeded(current, needed).substring(current.length());
    }

    /** The server's notify-keyspace-events; CONFIG GET refused throws {@link RedisReplyException}. */
    public static String setting(RedisConnection control) throws IOException {
        Object reply = control.call("CONFIG", "GET", "notify-keyspace-events");
        if (!(reply instanceof List<?> pair)) {
            throw new IOException("unexpected reply to CONFIG GET notify-keyspace-events: " + reply);
        }
        return pair.size() == 2 && pair.get(1) instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : "";
    }

    /**
     * CONFIG SET {@code wanted}, counted as a change from the moment it is sent: a Ctrl-C while its
     * reply is on its way still puts the setting back ({@link #restore} waits for that reply first,
     * so that the two never share the connection's reads). After a restore it sends nothing.
     */
    private void change(String wanted) throws IOException {
        byte[][] command = RedisCommands.bytes("CONFIG", "SET", "notify-keyspace-events", wanted);
        synchronized (this) {
            if (!running) {
                throw new java.io.InterruptedIOException("stopped before notify-keyspace-events was changed");
            }
            control.send(command);
            control.flush();
            changed = true;
            replyPending = true;
        }
        Object reply;
        try {
            reply = control.read();
        } finally {
            synchronized (this) {
                replyPending = false;
                notifyAll();
            }
        }
        if (reply instanceof RedisError e) {
            synchronized (this) {
                changed = false; // refused: the setting is as it was
            }
            throw RedisCommands.failure(command, e);
        }
    }

    /**
     * Where CONFIG is refused (managed services): subscribes with the server's setting as it is,
     * changing nothing; the events it does not publish are missing.
     */
    public static KeyspaceNotifications subscribeOnly(RedisConnection control, RedisConnection subscriber, int db,
            PrintWriter err, java.util.function.BiConsumer<String, byte[]> listener) throws IOException {
        KeyspaceNotifications n = new KeyspaceNotifications(control, subscriber, null, null, err, listener);
        n.restored.set(true);
        n.subscribe(db);
        n.thread.start();
        return n;
    }

    private void subscribe(int db) throws IOException {
        subscriber.send("PSUBSCRIBE".getBytes(StandardCharsets.US_ASCII),
                ("__keyevent@" + db + "__:*").getBytes(StandardCharsets.UTF_8));
        subscriber.flush();
        subscriber.read(); // the subscription's confirmation
        subscriber.readTimeout(java.time.Duration.ofMillis(100));
    }

    private void loop() {
        while (running) {
            try {
                Object message = subscriber.read();
                if (message instanceof List<?> m && m.size() == 4 && m.get(2) instanceof byte[] channel
                        && m.get(3) instanceof byte[] key) {
                    String c = new String(channel, StandardCharsets.UTF_8);
                    String event = c.substring(c.indexOf("__:") + 3);
                    if (listener != null) {
                        listener.accept(event, key);
                    }
                    synchronized (counts) {
                        counts.merge(event, 1L, Long::sum);
                        if (event.equals("keymiss") && keymissByKey.size() < 100_000) {
                            keymissByKey.merge(new String(key, StandardCharsets.ISO_8859_1), 1L, Long::sum);
                        }
                    }
                }
            } catch (SocketTimeoutException e) {
                // quiet: look at the running flag again
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Whether the subscription still reads (false once its connection failed or it was restored). */
    public boolean isAlive() {
        return running && thread.isAlive();
    }

    /** Events seen, by keyevent name (del, expired, evicted, keymiss…). */
    public Map<String, Long> counts() {
        synchronized (counts) {
            return new java.util.TreeMap<>(counts);
        }
    }

    /** Keymiss notifications for each of {@code keys}, as reports show keys ({@code KeyText.display}). */
    public Map<String, Long> keymisses(Set<String> keys) {
        Map<String, Long> out = new java.util.TreeMap<>();
        for (String k : keys) {
            out.put(k, 0L);
        }
        Map<String, Long> snapshot;
        synchronized (counts) {
            snapshot = new HashMap<>(keymissByKey);
        }
        snapshot.forEach((raw, n) -> {
            String shown = dev.stampededoctor.detectors.keys.KeyText.display(raw.getBytes(StandardCharsets.ISO_8859_1));
            if (out.containsKey(shown)) {
                out.merge(shown, n, Long::sum);
            }
        });
        return out;
    }

    public String previous() {
        return previous;
    }

    public String applied() {
        return applied;
    }

    /**
     * The value this subscription left on the server and the one before it, when it could not put
     * the setting back; null when it did, or changed nothing.
     */
    public Unrestored unrestored() {
        return unrestored;
    }

    /** A setting a subscription changed and could not put back. */
    public record Unrestored(String previous, String applied) {
    }

    /**
     * Puts the previous value back, once; says so on stderr. Safe from any thread, the shutdown
     * hook's included. A value someone else set since (another scan, an operator) is left as it is:
     * putting ours back then would undo theirs.
     */
    public synchronized void restore() {
        running = false;
        subscriber.close();
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // shutting down already, or never registered
            }
        }
        if (!changed || !restored.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + REPLY_WAIT_NANOS;
        while (replyPending && System.nanoTime() < deadline) {
            try {
                wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!changed) {
            return; // the change was refused
        }
        try {
            String now = replyPending ? applied : setting(control);
            if (!now.equals(applied)) {
                err.println("stampede-doctor: notify-keyspace-events is now '" + now + "', not the '" + applied
                        + "' stampede-doctor set: someone changed it since (another scan?), so it is left as it is."
                        + " Before stampede-doctor it was '" + previous + "'.");
            } else {
                control.call("CONFIG", "SET", "notify-keyspace-events", previous);
                err.println("stampede-doctor: notify-keyspace-events put back to '" + previous + "'.");
            }
        } catch (IOException e) {
            unrestored = new Unrestored(previous, applied);
            err.println("stampede-doctor: COULD NOT put notify-keyspace-events back to '" + previous + "': "
                    + e.getMessage() + ". Run: redis-cli CONFIG SET notify-keyspace-events '" + previous + "'");
        }
        err.flush();
    }
}
