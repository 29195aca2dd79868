package dev.stampededoctor.detectors.simulate;

import dev.stampededoctor.detectors.command.ExpireCondition;
import dev.stampededoctor.detectors.command.ExpiryClock;
import dev.stampededoctor.detectors.command.FillMode;
import dev.stampededoctor.detectors.command.Ttl;
import dev.stampededoctor.detectors.ops.KeyOpKind;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * What the capture itself shows, found by replaying it through the cache as it ran: which reads
 * missed, which fills were rebuilds after a miss (and of which miss), and how long a rebuild took.
 * The policies replay the same trace from this: reads are the demand, rebuilds the backend
 * queries a policy decides on, and every other write, TTL and invalidation is the application's.
 *
 * <p>A fill of a key with unanswered misses is a rebuild, answering the filler's own latest miss
 * or else the oldest one (short-lived connections miss on one connection and write on another).
 * A connection is a pipe that may carry many requests (Lettuce, node-redis): while misses of its
 * own wait, each of its fills is another rebuild. Its further fills and TTLs with no miss of its
 * own waiting, or in the same MULTI…EXEC or script run (HSET…, EXPIRE, EXEC), belong to the
 * rebuild before. A miss nobody answers within {@link #MAX_REBUILD_MICROS} was a client that
 * waited (behind the application's own lock) or gave up: policies do not make it rebuild either.
 *
 * <p>A read stamped in the {@link ExpiryClock#LAG_MICROS} before its key's computed expiry, whose
 * client fills the key after that instant, was a miss (MONITOR stamps commands after they ran, so
 * a TTL runs out a little before the stamps say): it becomes one of {@link #lateMisses}, which the
 * replays read as at the computed expiry.
 */
final class Observation {
    static final byte READ_HIT = 0;
    static final byte READ_REBUILT = 1;
    static final byte READ_IDLE = 2;
    /** A read of a value from before the capture, which later went missing without a trace. */
    static final byte READ_BEFORE = 3;
    static final byte WRITE = 4;
    static final byte REFILL = 5;
    static final byte REFILL_PART = 6;
    /** An operation on a lock key ({@link TraceLocks}): the application's coordination, replayed by no policy. */
    static final byte LOCK = 7;

    static final long MAX_REBUILD_MICROS = 10_000_000;
    private static final long SAME_REBUILD_MICROS = 1_000_000;
    private static final int SWEEP_EVERY = 1 << 16;
    static final FillMode[] FILL_MODES = FillMode.values();
    static final ExpireCondition[] CONDITIONS = ExpireCondition.values();

    final byte[] roles;
    /** Keys whose value was missing at the start (first seen read, then rebuilt within 5 s). */
    final boolean[] startsAbsent;
    /** The TTL (µs) the key's rebuilds set: 0 none, -1 never rebuilt in the capture. */
    final long[] refillTtl;
    /** Keys read at least once: cached values, as opposed to locks and counters. */
    final boolean[] readKeys;
    /** Keys used as locks. */
    final boolean[] lockKeys;
    /**
     * Connections seen carrying concurrent requests: two of its misses of one key were both
     * rebuilt, the second read before the first was answered (Lettuce, node-redis, or Spring's
     * read connection whose values come back on another). Their reads while a rebuild of theirs is
     * in flight are other requests', not to be left out of a replay.
     */
    final java.util.BitSet multiplexed = new java.util.BitSet();
    /** For each read a rebuild answered (trace index): how long that rebuild took (µs). */
    final Map<Integer, Long> rebuildOfRead = new HashMap<>();
    long misses;
    long rebuilds;
    int peakConcurrentRebuilds;
    /** Miss to refill of every rebuild (µs), in capture order. */
    long[] durations = new long[64];
    /** Reads stamped before their key's computed expiry that were misses, in trace order. */
    int[] lateMisses;
    /** For each of {@link #lateMisses}: how much later the computed expiry came (µs). */
    long[] lateShifts;

    private final Trace trace;
    /** For keys that start absent: when they went (earlier reads were served a value from before the capture). */
    private final long[] goneAt;
    private final KeySpace keys;
    private final Map<Integer, MissWindow> windows = new HashMap<>();
    private long[] missAts = new long[64];
    /** Per (key, client): its last read stamped just before the key's computed expiry, {index, expired from}. */
    private final Map<Long, long[]> nearExpiry = new HashMap<>();
    /** {read index, shift} of each late miss found, in the order found. */
    private final java.util.List<long[]> late = new java.util.ArrayList<>();

    /**
     * Misses of one key not yet answered, and per client connection: its last miss, its last
     * rebuild, how many of the pending misses are its own, and the unit of its last fill.
     */
    private static final class MissWindow {
        static final int LAST_MISS = 0;
        static final int LAST_REBUILD = 1;
        static final int OWN_PENDING = 2;
        static final int LAST_UNIT = 3;
        /** When a rebuild last answered one of its misses (µs; -1 never). */
        static final int LAST_ANSWERED = 4;
        final ArrayDeque<Integer> pending = new ArrayDeque<>();
        final Map<Integer, long[]> clients = new HashMap<>();
        long lastEventAt;

        long[] client(int c) {
            return clients.computeIfAbsent(c, x -> new long[] {-1, -1, 0, 0, -1});
        }

        void add(Trace trace, int read) {
            pending.addLast(read);
            long[] c = client(trace.client(read));
            c[LAST_MISS] = trace.at(read);
            c[OWN_PENDING]++;
        }

        void answered(Trace trace, int read) {
            client(trace.client(read))[OWN_PENDING]--;
        }

        /** Gives up on misses older than {@link #MAX_REBUILD_MICROS}: nobody rebuilt for them. */
        void prune(Trace trace, long now) {
            while (!pending.isEmpty() && now - trace.at(pending.peekFirst()) > MAX_REBUILD_MICROS) {
                answered(trace, pending.removeFirst());
            }
        }
    }

    private Observation(Trace trace) {
        this.trace = trace;
        int n = trace.keyCount();
        this.roles = new byte[trace.size()];
        this.goneAt = ColdKeys.goneAt(trace);
        this.startsAbsent = new boolean[n];
        this.refillTtl = new long[n];
        this.readKeys = new boolean[n];
        this.lockKeys = TraceLocks.find(trace);
        Arrays.fill(refillTtl, -1);
        this.keys = new KeySpace(trace, AsIs.INSTANCE, null);
        for (int k = 0; k < n; k++) {
            if (goneAt[k] != 0) {
                startsAbsent[k] = true;
                keys.startAbsent(k);
            }
        }
    }

    static Observation of(Trace trace) {
        Observation o = new Observation(trace);
        o.replay();
        o.peakConcurrentRebuilds = peak(Arrays.copyOf(o.missAts, (int) o.rebuilds),
                Arrays.copyOf(o.durations, (int) o.rebuilds));
        o.durations = Arrays.copyOf(o.durations, (int) o.rebuilds);
        o.late.sort((a, b) -> Long.compare(a[0], b[0]));
        o.lateMisses = o.late.stream().mapToInt(l -> (int) l[0]).toArray();
        o.lateShifts = o.late.stream().mapToLong(l -> l[1]).toArray();
        return o;
    }

    /** The median miss-to-refill time (µs), or -1 when the capture shows no rebuild. */
    long medianRebuildMicros() {
        if (durations.length == 0) {
            return -1;
        }
        long[] sorted = durations.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private void replay() {
        for (int i = 0; i < trace.size(); i++) {
            if (i % SWEEP_EVERY == SWEEP_EVERY - 1) {
                sweep(trace.at(i));
            }
            long t = trace.at(i);
            int k = trace.key(i);
            if (trace.kind(i) != KeyOpKind.FLUSH && lockKeys[k]) {
                roles[i] = LOCK;
                continue;
            }
            switch (trace.kind(i)) {
                case READ -> read(i, k, t);
                case FILL -> fill(i, k, t);
                case TTL -> ttl(i, k, t);
                case INVALIDATE -> keys.remove(k);
                case FLUSH -> keys.flush(k);
            }
        }
    }

    private void read(int i, int k, long t) {
        readKeys[k] = true;
        if (startsAbsent[k] && t < goneAt[k]) {
            roles[i] = READ_BEFORE;
            return;
        }
        if (keys.holds(k, t)) {
            roles[i] = READ_HIT;
            long expiry = keys.expiry(k);
            if (expiry != 0 && t >= ExpiryClock.expiredFrom(expiry) - ExpiryClock.LAG_MICROS) {
                nearExpiry.put(CacheReplay.pair(k, trace.client(i)), new long[] {i, ExpiryClock.expiredFrom(expiry)});
            }
            return;
        }
        miss(i, k, t);
    }

    private void miss(int i, int k, long t) {
        roles[i] = READ_IDLE; // until a rebuild answers it
        misses++;
        MissWindow w = windows.computeIfAbsent(k, x -> new MissWindow());
        w.prune(trace, t);
        w.add(trace, i);
        w.lastEventAt = t;
    }

    private void fill(int i, int k, long t) {
        long ttl = trace.ttl(i);
        roles[i] = WRITE;
        lateMiss(k, trace.client(i), t);
        MissWindow w = windows.get(k);
        if (w != null) {
            if (partOfRebuild(w, trace.client(i), t, trace.unit(i), true)) {
                roles[i] = REFILL_PART;
                if (Ttl.isInstant(ttl) || ttl == Ttl.PERSIST) {
                    refillTtl[k] = Ttl.isInstant(ttl) ? Math.max(0, ttl - t) : 0;
                }
            } else {
                int answered = answer(w, trace.client(i), t);
                if (answered >= 0) {
                    long[] reader = w.client(trace.client(answered));
                    if (trace.at(answered) < reader[MissWindow.LAST_ANSWERED]) {
                        multiplexed.set(trace.client(answered));
                    }
                    reader[MissWindow.LAST_ANSWERED] = t;
                    rebuildOfRead.put(answered, t - trace.at(answered));
                    roles[answered] = READ_REBUILT;
                    roles[i] = REFILL;
                    addRebuild(trace.at(answered), t - trace.at(answered));
                    w.client(trace.client(i))[MissWindow.LAST_REBUILD] = t;
                    refillTtl[k] = Ttl.isInstant(ttl) ? Math.max(0, ttl - t) : 0;
                }
            }
            if (w.clients.containsKey(trace.client(i))) {
                w.client(trace.client(i))[MissWindow.LAST_UNIT] = trace.unit(i);
            }
            w.lastEventAt = t;
        }
        keys.write(k, t, FILL_MODES[trace.detail(i)], ttl);
    }

    private void ttl(int i, int k, long t) {
        long at = trace.ttl(i);
        roles[i] = WRITE;
        MissWindow w = windows.get(k);
        if (w != null && partOfRebuild(w, trace.client(i), t, trace.unit(i), false)) {
            roles[i] = REFILL_PART;
            refillTtl[k] = at == Ttl.PERSIST ? 0 : Math.max(0, at - t);
        }
        keys.retime(k, t, at, CONDITIONS[trace.detail(i)]);
    }

    /**
     * When {@code client}, filling key {@code k} at {@code t}, read it just before its computed
     * expiry and that instant has passed, with no miss of its own since: that read was a miss.
     */
    private void lateMiss(int k, int client, long t) {
        if (nearExpiry.isEmpty()) {
            return; // the usual case: no boxing on every fill
        }
        long[] near = nearExpiry.remove(CacheReplay.pair(k, client));
        if (near == null || t < near[1]) {
            return;
        }
        int read = (int) near[0];
        long readAt = trace.at(read);
        MissWindow w = windows.get(k);
        long[] c = w == null ? null : w.clients.get(client);
        if (t - readAt > ColdKeys.CACHE_ASIDE_MICROS || (c != null && c[MissWindow.LAST_MISS] > readAt)) {
            return;
        }
        miss(read, k, readAt);
        late.add(new long[] {read, near[1] - readAt});
    }

    /**
     * Whether a write by {@code client} continues its last rebuild of the key: the same MULTI…EXEC
     * or script run, or (for a fill) no miss of its own still waiting for a rebuild.
     */
    private static boolean partOfRebuild(MissWindow w, int client, long t, int unit, boolean fill) {
        long[] c = w.clients.get(client);
        if (c == null || c[MissWindow.LAST_REBUILD] < 0) {
            return false;
        }
        if (unit != 0 && c[MissWindow.LAST_UNIT] == unit) {
            return true;
        }
        if (fill && c[MissWindow.LAST_MISS] < 0 && !w.pending.isEmpty()) {
            return false; // writes back for another connection's miss (a second, asynchronous connection)
        }
        return (!fill || c[MissWindow.OWN_PENDING] == 0) && t - c[MissWindow.LAST_REBUILD] <= SAME_REBUILD_MICROS;
    }

    /** Removes and returns the miss this fill answers, or -1 when none is waiting. */
    private int answer(MissWindow w, int client, long t) {
        w.prune(trace, t);
        for (Iterator<Integer> it = w.pending.descendingIterator(); it.hasNext(); ) {
            int read = it.next();
            if (trace.client(read) == client) {
                it.remove();
                w.answered(trace, read);
                return read;
            }
        }
        if (w.pending.isEmpty()) {
            return -1;
        }
        int oldest = w.pending.removeFirst();
        w.answered(trace, oldest);
        return oldest;
    }

    private void addRebuild(long missAt, long duration) {
        int n = (int) rebuilds;
        if (n == durations.length) {
            durations = Arrays.copyOf(durations, n * 2);
            missAts = Arrays.copyOf(missAts, n * 2);
        }
        // A refill stamped before its miss (timestamps out of order) took no time, not negative time.
        durations[n] = Math.max(0, duration);
        missAts[n] = missAt;
        rebuilds++;
    }

    /** Forgets windows with nothing pending whose last rebuild can no longer continue, and old near-expiry reads. */
    private void sweep(long now) {
        nearExpiry.values().removeIf(near -> now - trace.at((int) near[0]) > ColdKeys.CACHE_ASIDE_MICROS);
        windows.values().removeIf(w -> {
            w.prune(trace, now);
            return w.pending.isEmpty() && now - w.lastEventAt > MAX_REBUILD_MICROS;
        });
    }

    /** Most intervals [start, start + length) overlapping at one instant. */
    static int peak(long[] starts, long[] lengths) {
        long[] ends = new long[starts.length];
        for (int i = 0; i < starts.length; i++) {
            ends[i] = starts[i] + Math.max(0, lengths[i]); // each interval ends where it starts or later
        }
        long[] s = starts.clone();
        Arrays.sort(s);
        Arrays.sort(ends);
        int open = 0;
        int peak = 0;
        for (int i = 0, j = 0; i < s.length; ) {
            if (j == ends.length || s[i] < ends[j]) {
                open++;
                i++;
                peak = Math.max(peak, open);
            } else {
                open--;
                j++;
            }
        }
        return peak;
    }
}
