package dev.stampededoctor.detectors.detect;

import dev.stampededoctor.detectors.keys.LockNames;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Keys that behave as locks: every write of them is {@code SET … NX} (or SETNX), and the
 * connection that took one deletes it (DEL, UNLINK, a script's compare-and-delete), or its name
 * says lock. Spring's locking cache writer polls {@code EXISTS cache~lock}, takes it with
 * {@code SET cache~lock "" NX} and releases it with DEL: read as a cache key, that is a stampede
 * of refills on the lock. Only candidates are tracked: keys with an NX write and no other write
 * (the detector marks them in {@link KeyStates}), at most {@link #MAX_TRACKED}.
 */
final class LockKeys {
    static final int MAX_TRACKED = 10_000;
    private static final int MAX_HOLDS = 4_096;
    private static final int MAX_CONNECTIONS = 1_024;

    /** What one candidate lock key went through. */
    static final class Activity {
        final byte[] key;
        final int db;
        long acquisitions;
        long refused;
        long releases;
        /** Deletes of it while it was not held: releases nobody checks against the holder. */
        long unheldDeletes;
        long polls;
        long firstAt = -1;
        long lastAt;
        int holder = -1;
        long acquiredAt = -1;
        long acquisitionTtlMicros = -1;
        boolean acquiredWithoutTtl;
        long[] holds = new long[8];
        int holdCount;
        final Set<Integer> connections = new HashSet<>();
        final Set<Integer> waiters = new HashSet<>();

        Activity(byte[] key, int db) {
            this.key = key;
            this.db = db;
        }

        private void touch(long at, int connection) {
            if (firstAt < 0) {
                firstAt = at;
            }
            lastAt = Math.max(lastAt, at);
            if (connections.size() < MAX_CONNECTIONS) {
                connections.add(connection);
            }
        }

        private void waiter(int connection) {
            if (waiters.size() < MAX_CONNECTIONS) {
                waiters.add(connection);
            }
        }

        long[] holdTimes() {
            return Arrays.copyOf(holds, holdCount);
        }
    }

    private final Map<Integer, Activity> tracked = new HashMap<>();

    /** Starts tracking key {@code id} at its first NX write; false when the limit is reached. */
    boolean track(int id, byte[] key, int db) {
        if (tracked.containsKey(id)) {
            return true;
        }
        if (tracked.size() >= MAX_TRACKED) {
            return false;
        }
        tracked.put(id, new Activity(key, db));
        return true;
    }

    /** The key was written otherwise than with NX: a cache entry (or a counter), not a lock. */
    void forget(int id) {
        tracked.remove(id);
    }

    /** An NX write; {@code taken} when the key was absent, so Redis wrote it. */
    void nxWrite(int id, long at, int connection, boolean taken, long ttlMicros) {
        Activity a = tracked.get(id);
        if (a == null) {
            return;
        }
        a.touch(at, connection);
        if (taken) {
            a.acquisitions++;
            a.holder = connection;
            a.acquiredAt = at;
            if (ttlMicros > 0) {
                a.acquisitionTtlMicros = ttlMicros;
            } else {
                a.acquiredWithoutTtl = true;
            }
        } else {
            a.refused++;
            a.waiter(connection);
        }
    }

    void poll(int id, long at, int connection) {
        Activity a = tracked.get(id);
        if (a == null) {
            return;
        }
        a.touch(at, connection);
        a.polls++;
        if (connection != a.holder || a.acquiredAt < 0) {
            a.waiter(connection);
        }
    }

    /** A delete of the key while {@code present}: a release when its holder sent it. */
    void delete(int id, long at, int connection, boolean present) {
        Activity a = tracked.get(id);
        if (a == null) {
            return;
        }
        a.touch(at, connection);
        if (!present) {
            a.unheldDeletes++;
        }
        if (present && connection == a.holder && a.acquiredAt >= 0) {
            a.releases++;
            if (a.holdCount == a.holds.length && a.holdCount < MAX_HOLDS) {
                a.holds = Arrays.copyOf(a.holds, a.holdCount * 2);
            }
            if (a.holdCount < a.holds.length) {
                a.holds[a.holdCount++] = at - a.acquiredAt;
            }
        }
        a.acquiredAt = -1;
        a.holder = -1;
    }

    /** Whether key {@code id} is a lock: only NX writes, and released by its holder or named as one. */
    boolean isLock(int id) {
        Activity a = tracked.get(id);
        return a != null && a.acquisitions + a.refused > 0 && (a.releases > 0 || LockNames.isLockName(a.key));
    }

    /** The keys found to be locks, with what they went through. */
    Map<Integer, Activity> locks() {
        Map<Integer, Activity> out = new HashMap<>();
        for (Map.Entry<Integer, Activity> e : tracked.entrySet()) {
            if (isLock(e.getKey())) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }
}
