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
 * normal end, errors, and the Ctrl-C/SIGTERM hook). Runs that overlap on one server (two scans, a
 * scan beside the exporter) find each other by their subscribers' names ({@link EventSubscribers}):
 * they share the value the first found, and the last to stop puts it back.
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
    /** The subscriber's connection id (-1: unknown), and whether it carries the name others see ({@link EventSubscribers}). */
    private long subscriberId = -1;
    private boolean named;
    /** This run's entry in the {@link SettingJournal}, removed once the setting is put back (or handed on). */
    private java.nio.file.Path journal;
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
        return NotifyFlags.withNeeded(current, needed);
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
        // Read, then look for the others, then name and subscribe ours, then change: a run that
        // reads after another's change also lists it (CLIENT LIST TYPE pubsub shows a connection
        // once it is subscribed), since each subscribes before it changes.
        long subscriberId = EventSubscribers.id(subscriber);
        List<EventSubscribers.Subscriber> others = EventSubscribers.others(control, subscriberId);
        String runId = serverRunId(control);
        SettingOrigin origin = SettingOrigin.of(current, others, earlier,
                runId == null ? List.of() : SettingJournal.abandoned(runId));
        String previous = origin.previous();
        String wanted = withNeeded(current, needed);
        KeyspaceNotifications n = new KeyspaceNotifications(control, subscriber, previous, wanted, err, listener);
        n.subscriberId = subscriberId;
        // Without its id a run would take its own subscriber for another's, and never put the setting back.
        n.named = others != null && subscriberId >= 0 && EventSubscribers.name(subscriber, previous);
        n.subscribe(db);
        if (wanted.equals(previous)) {
            n.restored.set(true); // nothing changed, nothing to put back
            origin.abandoned().forEach(e -> SettingJournal.remove(e.file()));
        } else {
            // The hook and the journal go in before the change: a SIGTERM a millisecond after
            // CONFIG SET still restores, and a SIGKILL leaves the next run the value to put back.
            Runtime.getRuntime().addShutdownHook(n.hook);
            n.journal(runId, origin);
            if (wanted.equals(current)) {
                n.changed = true;
                err.println("stampede-doctor: notify-keyspace-events is still '" + current + "', as " + origin.leftBy()
                        + "; it goes back to '" + previous + "' when "
                        + (origin.shared() ? "the last of them stops." : "stampede-doctor stops."));
            } else {
                try {
                    n.change(wanted);
                } catch (IOException e) {
                    if (!n.changed) {
                        n.forgetJournal(); // refused, or stopped before it was sent: nothing to put back
                    }
                    throw e;
                }
                n.applied = setting(control);
                err.println("stampede-doctor: notify-keyspace-events changed from '" + current + "' to '" + n.applied
                        + "' while stampede-doctor reads them; it goes back to '" + previous + "' when "
                        + (origin.shared() ? "the last stampede-doctor reading them stops." : "stampede-doctor stops."));
            }
            err.flush();
        }
        n.thread.start();
        return n;
    }

    /**
     * Notes this run's change in the journal (before it is made) and drops the entries of killed
     * runs it takes over; a journal that cannot be written is said, and the run goes on.
     */
    private void journal(String runId, SettingOrigin origin) {
        if (runId != null) {
            try {
                journal = SettingJournal.write(runId, previous, applied);
            } catch (IOException | RuntimeException e) {
                err.println("stampede-doctor: warning: cannot note the change in " + SettingJournal.directory() + " ("
                        + e.getMessage() + "): if this run is killed, put notify-keyspace-events back to '" + previous
                        + "' by hand.");
            }
        }
        origin.abandoned().forEach(e -> SettingJournal.remove(e.file()));
    }

    private void forgetJournal() {
        SettingJournal.remove(journal);
        journal = null;
    }

    /** The server's run_id (INFO server), or null when INFO is refused. */
    private static String serverRunId(RedisConnection control) throws IOException {
        try {
            String id = ServerInfo.read(control, "server").get("run_id");
            return id != null && id.matches("[0-9a-f]{40}") ? id : null;
        } catch (RedisReplyException e) {
            return null; // no INFO for this user: no journal
        }
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

    /**
     * Whether another stampede-doctor still reads this server's events: it puts the setting back
     * when it stops, and this one leaves it as it is.
     */
    private boolean handedOn() throws IOException {
        // Gone from the server before the list is read: two runs stopping at once then cannot each
        // see the other's subscriber, still closing, and both leave the setting.
        EventSubscribers.kill(control, subscriberId);
        java.util.List<EventSubscribers.Subscriber> others = EventSubscribers.others(control, subscriberId);
        if (others == null || others.isEmpty()) {
            return false;
        }
        err.println("stampede-doctor: notify-keyspace-events is left as it is: another stampede-doctor still reads the"
                + " events (" + others.get(0).addr() + ") and puts back '" + previous + "' when it stops.");
        err.flush();
        return true;
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
            if (named && handedOn()) {
                forgetJournal(); // the other run puts it back
                return;
            }
            String now = replyPending ? applied : setting(control);
            // Ours still: what we set, or that with letters other runs of this tool added since.
            boolean ours = now.equals(applied)
                    || NotifyFlags.containsAll(now, applied) && NotifyFlags.onlyOursAdded(now, previous);
            if (!ours) {
                err.println("stampede-doctor: notify-keyspace-events is now '" + now + "', not the '" + applied
                        + "' stampede-doctor set: someone changed it since, so it is left as it is."
                        + " Before stampede-doctor it was '" + previous + "'.");
            } else {
                control.call("CONFIG", "SET", "notify-keyspace-events", previous);
                err.println("stampede-doctor: notify-keyspace-events put back to '" + previous + "'.");
            }
            forgetJournal();
        } catch (IOException e) {
            unrestored = new Unrestored(previous, applied);
            err.println("stampede-doctor: COULD NOT put notify-keyspace-events back to '" + previous + "': "
                    + e.getMessage() + ". Run: redis-cli CONFIG SET notify-keyspace-events '" + previous + "'");
        }
        err.flush();
    }
}
