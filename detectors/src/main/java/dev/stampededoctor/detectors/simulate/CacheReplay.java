package dev.stampededoctor.detectors.simulate;

import dev.stampededoctor.detectors.command.Invalidation;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Replays a capture's trace under one {@link CachePolicy}. The clients' reads are the demand,
 * at the times they were made; the application's writes, TTLs, deletes and flushes happen as
 * recorded (through the policy's hooks); the rebuilds the capture shows are left out and the
 * policy makes its own. A rebuild takes the rebuild time and then refills the key with the TTL the
 * capture's rebuilds set.
 *
 * <p>A read that misses rebuilds unless the policy coalesces it or the capture shows that client
 * not rebuilding after that miss (it waited on the application's own lock, or gave up). Reads by
 * a client of a key it is rebuilding are left out (clients are synchronous), unless its connection
 * was seen carrying concurrent requests. The reads stay at
 * their recorded times (open loop): clients that were blocked on their own rebuilds read less
 * in the capture than they would have under a policy that spared them. Randomness (jitter,
 * XFetch) comes from one seeded generator, so a simulation is repeatable.
 */
final class CacheReplay {
    private static final long SEED = 0x5eed_cafeL;

    private final Trace trace;
    private final Observation seen;
    private final CachePolicy policy;
    private final long rebuildMicros;
    /** Whether a miss the capture shows rebuilt takes that rebuild's own time (else {@link #rebuildMicros}). */
    private final boolean observedDurations;
    private final TimeAxis axis;
    private final SplittableRandom random = new SplittableRandom(SEED);
    private final KeySpace keys;
    private final int[] inFlight;
    /** (key, client) pairs with a rebuild in flight. */
    private final Set<Long> rebuilding = new HashSet<>();
    /** Rebuilds in flight: {done at, key, client, sequence}, earliest first. */
    private final PriorityQueue<long[]> due = new PriorityQueue<>((a, b) -> a[0] != b[0]
            ? Long.compare(a[0], b[0]) : Long.compare(a[3], b[3]));
    private final int[] rebuildsPerBucket;
    private long rebuilds;
    private long misses;
    private int concurrent;
    private int peak;
    private long maxStale;
    /** The keys replayed; null for all of them (an incident's replay takes its own keys only). */
    private java.util.BitSet only;

    CacheReplay(Trace trace, Observation seen, CachePolicy policy, long rebuildMicros, boolean observedDurations,
            TimeAxis axis) {
        this.observedDurations = observedDurations;
        this.trace = trace;
        this.seen = seen;
        this.policy = policy;
        this.rebuildMicros = rebuildMicros;
        this.axis = axis;
        this.keys = new KeySpace(trace, policy, random);
        this.inFlight = new int[trace.keyCount()];
        this.rebuildsPerBucket = new int[axis.buckets()];
        for (int k = 0; k < trace.keyCount(); k++) {
            if (seen.startsAbsent[k]) {
                keys.startAbsent(k);
            }
        }
    }

    /** Replays the keys in {@code keys} only (flushes still apply to them). */
    CacheReplay only(java.util.BitSet keys) {
        this.only = keys;
        return this;
    }

    PolicyResult run() {
        int nextLate = 0;
        for (int i = 0; i < trace.size(); i++) {
            long t = trace.at(i);
            while (!due.isEmpty() && due.peek()[0] <= t) {
                complete(due.poll());
            }
            int k = trace.key(i);
            byte role = seen.roles[i];
            if (role == Observation.LOCK) {
                continue;
            }
            if (only != null && trace.kind(i) != dev.stampededoctor.detectors.ops.KeyOpKind.FLUSH && !only.get(k)) {
                while (nextLate < seen.lateMisses.length && seen.lateMisses[nextLate] <= i) {
                    nextLate++;
                }
                continue;
            }
            switch (trace.kind(i)) {
                case READ -> {
                    // A miss stamped before its key's computed expiry happened after it.
                    long shift = 0;
                    if (nextLate < seen.lateMisses.length && seen.lateMisses[nextLate] == i) {
                        shift = seen.lateShifts[nextLate++];
                    }
                    if (role != Observation.READ_BEFORE) {
                        read(i, k, trace.client(i), t, t + shift, role != Observation.READ_IDLE);
                    }
                }
                case FILL -> {
                    if (role == Observation.WRITE) {
                        keys.write(k, t, Observation.FILL_MODES[trace.detail(i)], trace.ttl(i));
                    }
                }
                case TTL -> {
                    if (role == Observation.WRITE) {
                        keys.retime(k, t, trace.ttl(i), Observation.CONDITIONS[trace.detail(i)]);
                    }
                }
                case INVALIDATE -> invalidate(k, t, trace.detail(i));
                case FLUSH -> keys.flush(k);
            }
        }
        return new PolicyResult(policy.name(), policy.parameters(), rebuilds, peak, misses,
                Math.round(maxStale) / 1000.0, rebuildsPerBucket);
    }

    /** A read stamped {@code t}, which Redis answered as at {@code seenAt} by the expiry clock. */
    private void read(int i, int k, int client, long t, long seenAt, boolean rebuildsOnMiss) {
        if (!seen.multiplexed.get(client) && rebuilding.contains(pair(k, client))) {
            // Clients are synchronous: one rebuilding the key is not reading it meanwhile. Its
            // recorded reads here are where it read when it rebuilt at another time, or not at all.
            return;
        }
        if (keys.holds(k, seenAt)) {
            maxStale = Math.max(maxStale, keys.staleness(k, seenAt));
            if (keys.pastExpiry(k, seenAt)) {
                if (inFlight[k] == 0) {
                    start(k, client, t); // the one background refresh
                }
            } else if (keys.expiry(k) != 0 && policy.refreshesEarly(t, keys.expiry(k), rebuildMicros, random)) {
                start(k, client, t);
            }
            return;
        }
        misses++;
        if (!rebuildsOnMiss) {
            return;
        }
        if (policy.coalescesMisses() && inFlight[k] > 0) {
            return; // waits for the rebuild in flight
        }
        Long observed = observedDurations ? seen.rebuildOfRead.get(i) : null;
        start(k, client, t, observed != null ? observed : rebuildMicros);
    }

    private void invalidate(int k, long t, int cause) {
        if (policy.overwritesDeletes() && cause != Invalidation.RENAME_AWAY.ordinal() && seen.readKeys[k]) {
            keys.store(k, t, refillTtl(k));
        } else {
            keys.remove(k);
        }
    }

    private void start(int k, int client, long t) {
        start(k, client, t, rebuildMicros);
    }

    private void start(int k, int client, long t, long duration) {
        rebuilds++;
        inFlight[k]++;
        rebuilding.add(pair(k, client));
        peak = Math.max(peak, ++concurrent);
        rebuildsPerBucket[axis.bucket(t)]++;
        due.add(new long[] {t + duration, k, client, rebuilds});
    }

    private void complete(long[] rebuild) {
        int k = (int) rebuild[1];
        inFlight[k]--;
        concurrent--;
        rebuilding.remove(pair(k, (int) rebuild[2]));
        keys.store(k, rebuild[0], refillTtl(k));
    }

    /** The TTL a rebuild writes: what the capture's rebuilds of the key set, else its last write's. */
    private long refillTtl(int k) {
        return seen.refillTtl[k] >= 0 ? seen.refillTtl[k] : Math.max(0, keys.lastTtl(k));
    }

    /** One long for a (key, client) pair. */
    static long pair(int key, int client) {
        return (long) key << 32 | (client & 0xffffffffL);
    }
}
