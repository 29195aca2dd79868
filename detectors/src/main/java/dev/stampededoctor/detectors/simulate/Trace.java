package dev.stampededoctor.detectors.simulate;

import dev.stampededoctor.detectors.command.CacheCommand;
import dev.stampededoctor.detectors.command.ExpireCondition;
import dev.stampededoctor.detectors.command.FillMode;
import dev.stampededoctor.detectors.command.Invalidation;
import dev.stampededoctor.detectors.keys.ByteTable;
import dev.stampededoctor.detectors.monitor.MonitorLine;
import dev.stampededoctor.detectors.ops.KeyOpEffects;
import dev.stampededoctor.detectors.ops.KeyOpKind;
import java.util.Arrays;

/**
 * A capture's key operations, recorded from the command model's calls: the one event stream every
 * policy replays. Struct-of-arrays, about 31 bytes an operation plus the key table; a simulation
 * needs the whole capture at once (the rebuild time comes from all of it before any replay), so
 * the number of operations is bounded.
 */
final class Trace extends KeyOpEffects {
    private final ByteTable keys;
    private final long maxOperations;
    private long[] at = new long[1024];
    private int[] key = new int[1024];
    private int[] client = new int[1024];
    private long[] ttl = new long[1024];
    private byte[] kind = new byte[1024];
    private byte[] detail = new byte[1024];
    private int[] unit = new int[1024];
    private int size;
    private long untracked;
    /** Keys to record (their db and text), null for all; decided once per key id in {@link #decisions}. */
    private final java.util.function.BiPredicate<Integer, String> include;
    /** Per key id: 0 not decided yet, 1 recorded, 2 left out. */
    private byte[] decisions = new byte[1024];

    Trace(int maxKeys, long maxOperations) {
        this(maxKeys, maxOperations, null);
    }

    Trace(int maxKeys, long maxOperations, java.util.function.BiPredicate<Integer, String> include) {
        this.keys = new ByteTable(maxKeys);
        this.maxOperations = Math.min(maxOperations, Integer.MAX_VALUE - 8);
        this.include = include;
    }

    private boolean included(int id) {
        if (include == null) {
            return true;
        }
        if (id >= decisions.length) {
            decisions = Arrays.copyOf(decisions, Math.max(id + 1, decisions.length * 2));
        }
        if (decisions[id] == 0) {
            decisions[id] = include.test(keys.tag(id), dev.stampededoctor.detectors.keys.KeyText.display(keys.bytes(id)))
                    ? (byte) 1 : (byte) 2;
        }
        return decisions[id] == 1;
    }

    @Override
    public void flush(CacheCommand cmd, int db) {
        // The db takes the key's place: CacheCommand.ALL_DBS (-1) for FLUSHALL.
        add(KeyOpKind.FLUSH, cmd.timestampMicros(), db, cmd.clientId(), 0, 0, cmd.unitId());
    }

    @Override
    protected void record(KeyOpKind k, CacheCommand cmd, int keyArg, int d, long expiry) {
        MonitorLine line = cmd.line();
        int id = keys.intern(line.db(), line.argBuffer(), line.argOffset(keyArg), line.argLength(keyArg));
        if (id == ByteTable.FULL) {
            untracked++;
            return;
        }
        if (!included(id)) {
            return;
        }
        add(k, line.timestampMicros(), id, cmd.clientId(), d, expiry, cmd.unitId());
    }

    private void add(KeyOpKind k, long micros, int keyOrDb, int clientId, int d, long expiry, int unitId) {
        if (size == at.length) {
            grow();
        }
        at[size] = micros;
        key[size] = keyOrDb;
        client[size] = clientId;
        ttl[size] = expiry;
        kind[size] = (byte) k.ordinal();
        detail[size] = (byte) d;
        unit[size] = unitId;
        size++;
    }

    private void grow() {
        if (size >= maxOperations) {
            throw new TraceTooLongException(maxOperations);
        }
        int n = (int) Math.min(maxOperations, Math.max(1024L, size * 2L));
        at = Arrays.copyOf(at, n);
        key = Arrays.copyOf(key, n);
        client = Arrays.copyOf(client, n);
        ttl = Arrays.copyOf(ttl, n);
        kind = Arrays.copyOf(kind, n);
        detail = Arrays.copyOf(detail, n);
        unit = Arrays.copyOf(unit, n);
    }

    int size() {
        return size;
    }

    /** Distinct (db, key) pairs. */
    int keyCount() {
        return keys.size();
    }

    /** Operations on keys past the key limit: dropped, not replayed. */
    long untracked() {
        return untracked;
    }

    long at(int i) {
        return at[i];
    }

    KeyOpKind kind(int i) {
        return KeyOpKind.of(kind[i]);
    }

    /** The key id; for FLUSH, the flushed db or {@code -1} for all. */
    int key(int i) {
        return key[i];
    }

    int client(int i) {
        return client[i];
    }

    /** FILL and TTL: the expiry instant or a {@code Ttl} sentinel. */
    long ttl(int i) {
        return ttl[i];
    }

    /** The ordinal of the kind's {@code FillMode}, {@code ExpireCondition} or {@code Invalidation}. */
    int detail(int i) {
        return detail[i];
    }

    /** Non-zero inside one MULTI…EXEC or script run (see {@code CacheCommand.unitId}). */
    int unit(int i) {
        return unit[i];
    }

    /** The key's bytes. */
    byte[] keyBytes(int keyId) {
        return keys.bytes(keyId);
    }

    int dbOf(int keyId) {
        return keys.tag(keyId);
    }
}
