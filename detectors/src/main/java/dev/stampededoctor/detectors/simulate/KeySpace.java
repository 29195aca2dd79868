package dev.stampededoctor.detectors.simulate;

import dev.stampededoctor.detectors.command.ExpireCondition;
import dev.stampededoctor.detectors.command.ExpiryClock;
import dev.stampededoctor.detectors.command.FillMode;
import dev.stampededoctor.detectors.command.Ttl;
import java.util.random.RandomGenerator;

/**
 * The cache as Redis keeps it, one slot per key id, with a policy's say over TTLs: the value,
 * when it stops being fresh ({@code expiry}), when Redis drops it ({@code hard}: later than
 * {@code expiry} only under stale-while-revalidate), and when the application meant it to expire
 * ({@code intended}: reads served past it were stale). Same command semantics as the detector:
 * NX/XX/GT/LT, KEEPTTL, HSET keeping the TTL, and expiry in whole milliseconds.
 */
final class KeySpace {
    static final byte UNKNOWN = 0;
    static final byte PRESENT = 1;
    static final byte ABSENT = 2;

    private final CachePolicy policy;
    private final RandomGenerator random;
    private final Trace trace;
    private final byte[] state;
    /** When each key was last written or removed, and when each db was last flushed, in {@link #version}s. */
    private final long[] written;
    private long[] dbFlushed = new long[16];
    private long allFlushed;
    private long version;
    private final long[] expiry;
    private final long[] hard;
    private final long[] intended;
    /** The TTL (µs) the key's last write gave it: 0 none, -1 not seen. */
    private final long[] lastTtl;

    KeySpace(Trace trace, CachePolicy policy, RandomGenerator random) {
        int keys = trace.keyCount();
        this.trace = trace;
        this.policy = policy;
        this.random = random;
        this.state = new byte[keys];
        this.written = new long[keys];
        this.expiry = new long[keys];
        this.hard = new long[keys];
        this.intended = new long[keys];
        this.lastTtl = new long[keys];
        java.util.Arrays.fill(lastTtl, -1);
    }

    void startAbsent(int k) {
        state[k] = ABSENT;
    }

    /** Whether Redis holds a value for the key at {@code t}; a key not yet seen counts as held. */
    boolean holds(int k, long t) {
        if (state[k] == ABSENT) {
            return false;
        }
        int db = trace.dbOf(k);
        if (written[k] < Math.max(allFlushed, db < dbFlushed.length ? dbFlushed[db] : 0)) {
            state[k] = ABSENT;
            return false;
        }
        if (hard[k] != 0 && t >= ExpiryClock.expiredFrom(hard[k])) {
            state[k] = ABSENT;
            return false;
        }
        return true;
    }

    /** Whether a held value is past its (soft) expiry: served stale under stale-while-revalidate. */
    boolean pastExpiry(int k, long t) {
        return expiry[k] != 0 && t >= ExpiryClock.expiredFrom(expiry[k]);
    }

    /** How long past the application's intended expiry a read at {@code t} is served (µs, 0 fresh). */
    long staleness(int k, long t) {
        return intended[k] != 0 && t >= ExpiryClock.expiredFrom(intended[k]) ? t - intended[k] : 0;
    }

    long expiry(int k) {
        return expiry[k];
    }

    long lastTtl(int k) {
        return lastTtl[k];
    }

    /** A write as the command gave it: {@code ttl} an expiry instant or a {@link Ttl} sentinel. */
    void write(int k, long t, FillMode mode, long ttl) {
        boolean present = holds(k, t) && state[k] == PRESENT;
        if ((mode == FillMode.IF_ABSENT && present) || (mode == FillMode.IF_PRESENT && !present)) {
            return;
        }
        if (Ttl.isInstant(ttl)) {
            store(k, t, ttl - t);
        } else if (ttl == Ttl.KEEP && present) {
            written[k] = ++version;
        } else {
            store(k, t, 0);
        }
    }

    /** A fresh value written at {@code t} with the application's TTL {@code ttl} (µs; 0 none, negative already expired). */
    void store(int k, long t, long ttl) {
        state[k] = PRESENT;
        written[k] = ++version;
        lastTtl[k] = Math.max(0, ttl);
        if (ttl == 0) {
            expiry[k] = 0;
            hard[k] = 0;
            intended[k] = 0;
        } else if (ttl < 0) {
            expiry[k] = t + ttl;
            hard[k] = t + ttl;
            intended[k] = t + ttl;
        } else {
            intended[k] = t + ttl;
            expiry[k] = t + Math.max(1, policy.storedTtl(ttl, random));
            hard[k] = expiry[k] + policy.staleWindow(ttl);
        }
    }

    /** EXPIRE and friends ({@code at} an instant after {@code t}) or PERSIST ({@link Ttl#PERSIST}). */
    void retime(int k, long t, long at, ExpireCondition condition) {
        if (!holds(k, t)) {
            return;
        }
        if (at == Ttl.PERSIST) {
            expiry[k] = 0;
            hard[k] = 0;
            intended[k] = 0;
            lastTtl[k] = 0;
            return;
        }
        long current = intended[k];
        boolean apply = switch (condition) {
            case ALWAYS -> true;
            case NX -> current == 0;
            case XX -> current != 0;
            case GT -> current != 0 && at > current;
            case LT -> current == 0 || at < current;
        };
        if (apply) {
            store(k, t, at - t);
        }
    }

    void remove(int k) {
        state[k] = ABSENT;
        written[k] = ++version;
    }

    /** FLUSHDB of {@code db}, or FLUSHALL when {@code db} is negative: every key of it is gone. */
    void flush(int db) {
        if (db < 0) {
            allFlushed = ++version;
        } else {
            if (db >= dbFlushed.length) {
                dbFlushed = java.util.Arrays.copyOf(dbFlushed, Math.max(db + 1, dbFlushed.length * 2));
            }
            dbFlushed[db] = ++version;
        }
    }
}
