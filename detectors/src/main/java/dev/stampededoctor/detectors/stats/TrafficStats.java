package dev.stampededoctor.detectors.stats;

import dev.stampededoctor.detectors.keys.ByteTable;
import dev.stampededoctor.detectors.keys.KeyPatterns;
import dev.stampededoctor.detectors.ops.KeyOpKind;
import dev.stampededoctor.detectors.ops.KeyOps;
import dev.stampededoctor.detectors.report.PatternStats;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntToLongFunction;

/**
 * Counts reads, fills, invalidations and TTL changes per (db, key pattern) from batches of key
 * operations. Each distinct key is interned once and its pattern inferred once; past
 * {@code maxKeys} distinct keys, new keys are no longer remembered (so {@code keys} becomes a
 * lower bound and the summary says so) but every operation is still counted under its pattern.
 */
public final class TrafficStats implements Consumer<KeyOps> {
    private static final int READS = 0;
    private static final int FILLS = 1;
    private static final int TTL_CHANGES = 2;
    private static final int INVALIDATIONS = 3;
    private static final int KEYS = 4;
    private static final int COUNTERS = 5;

    private final ByteTable keys;
    private final ByteTable patterns;
    private final KeyPatterns.Scratch scratch = new KeyPatterns.Scratch();
    /** Per key id, its pattern id + 1 (0: not seen yet); owned by {@link #countPatterns}. */
    private int[] keyPatterns = new int[1024];
    private long[] counters = new long[COUNTERS * 256];
    private final long[] totals = new long[COUNTERS];
    private long flushes;
    // Reads per key id: only when asked for (scan's look-ahead), as it costs a random access per read.
    private int[] readsPerKey;

    public TrafficStats(int maxKeys, int maxPatterns) {
        this(maxKeys, maxPatterns, null);
    }

    /** Also counts reads and fills into {@code timeline} (null: none), in the same pass as the patterns. */
    public TrafficStats(int maxKeys, int maxPatterns, CaptureTimeline timeline) {
        this.keys = new ByteTable(maxKeys);
        this.patterns = new ByteTable(maxPatterns);
        this.timeline = timeline;
    }

    private final CaptureTimeline timeline;

    /** Both stages of {@link #internKeys} and {@link #countPatterns}, one after the other. */
    @Override
    public void accept(KeyOps ops) {
        internKeys(ops);
        countPatterns(ops);
    }

    /**
     * First stage: writes each operation's key id into the batch. Touches the key table only,
     * which no other stage reads while batches flow.
     */
    public void internKeys(KeyOps ops) {
        // FLUSH entries have an empty key; interning it costs one entry and keeps the batch whole.
        keys.internAll(ops.size(), ops.dbArray(), ops.keyBuffer(), ops.keyOffsetArray(), ops.keyLengthArray(),
                ops.keyHashArray(), ops.keyIdArray());
    }

    /**
     * Second stage, after {@link #internKeys} (possibly on another thread): counts the batch and
     * writes each operation's pattern id into it. It keeps each key's pattern in an array of its
     * own, indexed by key id, and never reads the key table the first stage grows: key ids are
     * dense, in the order keys first appear, so an id not seen yet here is a new key.
     */
    public void countPatterns(KeyOps ops) {
        int n = ops.size();
        int[] ids = ops.keyIdArray();
        int[] patternIds = ops.patternIdArray();
        for (int i = 0; i < n; i++) {
            KeyOpKind kind = ops.kind(i);
            if (kind == KeyOpKind.FLUSH) {
                flushes++;
                patternIds[i] = -1;
                continue;
            }
            int counter = kind.ordinal(); // READ, FILL, TTL, INVALIDATE line up with the counters
            totals[counter]++;
            if (timeline != null) {
                timeline.op(kind, ops.timestampMicros(i));
            }
            if (readsPerKey != null && kind == KeyOpKind.READ && ids[i] != ByteTable.FULL) {
                if (ids[i] >= readsPerKey.length) {
                    readsPerKey = Arrays.copyOf(readsPerKey, Math.max(readsPerKey.length * 2, ids[i] + 1));
                }
                readsPerKey[ids[i]]++;
            }
            int pattern = patternOf(ids[i], ops, i);
            patternIds[i] = pattern;
            if (pattern >= 0) {
                counters[pattern * COUNTERS + counter]++;
            }
        }
    }

    /** Counts reads per key from now on, for {@link #hottestKeys}. */
    public void countReadsPerKey() {
        if (readsPerKey == null) {
            readsPerKey = new int[1024];
        }
    }

    /** A key (its id in the key table) and how often it was read. */
    public record HotKey(int id, int db, byte[] key, long reads) {
    }

    /** The {@code n} most read keys, most first; empty unless {@link #countReadsPerKey} was called. */
    public List<HotKey> hottestKeys(int n) {
        List<HotKey> out = new ArrayList<>();
        if (readsPerKey == null || n <= 0) {
            return out;
        }
        java.util.PriorityQueue<long[]> top = new java.util.PriorityQueue<>((a, b) -> Long.compare(a[1], b[1]));
        int limit = Math.min(readsPerKey.length, keys.size());
        for (int id = 0; id < limit; id++) {
            if (readsPerKey[id] > 0) {
                top.add(new long[] {id, readsPerKey[id]});
                if (top.size() > n) {
                    top.poll();
                }
            }
        }
        while (!top.isEmpty()) {
            long[] e = top.poll();
            out.add(0, new HotKey((int) e[0], keys.tag((int) e[0]), keys.bytes((int) e[0]), e[1]));
        }
        return out;
    }

    /**
     * The pattern id of key {@code id}, -1 when it has none (past the pattern limit, or not seen).
     * Read it once the key-operation threads are done.
     */
    public int patternOfKey(int id) {
        return id >= 0 && id < keyPatterns.length ? keyPatterns[id] - 1 : -1;
    }

    /** The bytes of key {@code id}; read them once the key-operation threads are done. */
    public byte[] keyBytes(int id) {
        return keys.bytes(id);
    }

    /** The glob of pattern {@code id}. */
    public String patternName(int id) {
        return new String(patterns.bytes(id), StandardCharsets.UTF_8);
    }

    /** The pattern id of a key, inferring it on the key's first sight; -1 past the pattern limit. */
    private int patternOf(int key, KeyOps ops, int i) {
        // keyPatterns[key] is the key's pattern id + 1; 0 means not seen as a key yet.
        int known = key == ByteTable.FULL || key >= keyPatterns.length ? 0 : keyPatterns[key];
        if (known != 0) {
            return known - 1;
        }
        KeyPatterns.inferInto(ops.keyBuffer(), ops.keyOffset(i), ops.keyLength(i), scratch);
        int id = internPattern(ops.db(i), scratch.bytes(), scratch.length());
        if (key == ByteTable.FULL) {
            return id;
        }
        if (key >= keyPatterns.length) {
            keyPatterns = Arrays.copyOf(keyPatterns, Math.max(keyPatterns.length + (keyPatterns.length >> 1), key + 1));
        }
        keyPatterns[key] = id + 1;
        totals[KEYS]++;
        if (id >= 0) {
            counters[id * COUNTERS + KEYS]++;
        }
        return id;
    }

    private int internPattern(int db, byte[] pattern, int length) {
        int id = patterns.intern(db, pattern, 0, length);
        if (id == ByteTable.FULL) {
            return -1;
        }
        if ((id + 1) * COUNTERS > counters.length) {
            counters = Arrays.copyOf(counters, counters.length * 2);
        }
        return id;
    }

    public long reads() {
        return totals[READS];
    }

    public long fills() {
        return totals[FILLS];
    }

    public long ttlChanges() {
        return totals[TTL_CHANGES];
    }

    public long invalidations() {
        return totals[INVALIDATIONS];
    }

    public long distinctKeys() {
        return totals[KEYS];
    }

    /** More distinct keys came than --max-keys: a table exactly full dropped none. */
    public boolean keyLimitReached() {
        return keys.refusedAny();
    }

    public long flushes() {
        return flushes;
    }

    /** Every pattern's counts, busiest (most operations) first, without misses (0: not known here). */
    public List<PatternStats> patterns() {
        return patterns(id -> 0);
    }

    /** Reads of pattern {@code id}'s keys. */
    public long readsOf(int id) {
        return id >= 0 && id < patterns.size() ? counters[id * COUNTERS + READS] : 0;
    }

    /**
     * Every pattern's counts, busiest (most operations) first, with the misses of each pattern id
     * as {@code misses} tells (the detector's count: this stage sees reads, not what they found).
     */
    public List<PatternStats> patterns(IntToLongFunction misses) {
        List<PatternStats> all = new ArrayList<>(patterns.size());
        for (int id = 0; id < patterns.size(); id++) {
            int base = id * COUNTERS;
            all.add(PatternStats.of(patterns.tag(id), patternName(id),
                    counters[base + KEYS], counters[base + READS], misses.applyAsLong(id), counters[base + FILLS],
                    counters[base + INVALIDATIONS], counters[base + TTL_CHANGES]));
        }
        all.sort((a, b) -> {
            int c = Long.compare(b.total(), a.total());
            c = c != 0 ? c : Integer.compare(a.db(), b.db());
            return c != 0 ? c : a.pattern().compareTo(b.pattern());
        });
        return all;
    }
}
