package dev.stampededoctor.detectors.keys;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Interns byte strings, each with a small integer tag (a db number), into dense ids 0, 1, 2…
 * The bytes live in one growing arena, each behind a header holding its id, tag and length, and
 * the index is open addressing over a {@code long[]} holding each entry's hash next to where it
 * is in the arena: a probe touches one array until the hashes agree, then one place in the arena
 * for everything it compares and returns. On a table of millions of keys, cache misses, not
 * arithmetic, are the cost. Lookups by id ({@link #bytes}, {@link #tag}) go through a per-id
 * array of offsets, lengths and tags. A key costs its length plus about 45 bytes.
 *
 * <p>The table is bounded: once {@code capacity} entries exist, {@link #intern} returns
 * {@link #FULL} for new byte strings instead of growing.
 */
public final class ByteTable {
    /** Returned by {@link #intern} when the table is full and the bytes are new. */
    public static final int FULL = -1;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int META = 3; // offset of the bytes, length, tag
    /** In the arena before each entry's bytes: its tag and length (one word, compared at once), then its id. */
    private static final int HEADER = 12;

    private final int capacity;
    private byte[] arena = new byte[1 << 12];
    private int arenaUsed;
    private int[] meta = new int[256 * META];
    private int size;
    /** Set once a new byte string is refused for want of room. */
    private boolean refused;
    /** Slot: hash in the high 32 bits, the arena offset of the entry's header + 1 in the low 32 (0 = empty). */
    private long[] slots = new long[512];
    /** Entries whose slots, entries and bytes are brought into the cache together. */
    public static final int PREFETCH_CHUNK = 256;
    private final int[] batchStarts = new int[PREFETCH_CHUNK];
    /** Keeps the prefetching loads of {@link #internAll} from being optimised away. */
    private long sink;

    public ByteTable(int capacity) {
        this.capacity = capacity;
    }

    /** Returns the id of {@code (tag, buf[off, off+len))}, adding it if new. */
    public int intern(int tag, byte[] buf, int off, int len) {
        return intern(tag, buf, off, len, hash(tag, buf, off, len));
    }

    /**
     * Interns {@code n} byte strings at once, {@code buf[offs[i], offs[i]+lens[i])} with tag
     * {@code tags[i]} and {@link #hash} {@code hashes[i]} (computed by the producer, on another
     * thread), writing their ids (or {@link #FULL}) to {@code ids}. Same result as {@code n} calls
     * of {@link #intern}, in order, but first touches every slot and entry the batch needs in
     * loops without dependencies between iterations, so that the processor overlaps their cache
     * misses instead of waiting for each in turn. On a table larger than the cache this is
     * several times faster.
     */
    public void internAll(int n, int[] tags, byte[] buf, int[] offs, int[] lens, int[] hashes, int[] ids) {
        // In chunks small enough that what the first passes bring in is still in the core's own
        // cache (L2) when the last pass uses it, and large enough to overlap many misses.
        for (int from = 0; from < n; from += PREFETCH_CHUNK) {
            int to = Math.min(n, from + PREFETCH_CHUNK);
            prefetch(from, to, hashes);
            for (int i = from; i < to; i++) {
                ids[i] = intern(tags[i], buf, offs[i], lens[i], hashes[i]);
            }
        }
    }

    /** Touches the slot and the arena entry (header and bytes) that each hash of {@code [from, to)} will probe. */
    private void prefetch(int from, int to, int[] hashes) {
        long[] slotTable = slots;
        int mask = slotTable.length - 1;
        long touched = 0;
        for (int i = from; i < to; i++) {
            touched += slotTable[hashes[i] & mask];
        }
        int[] starts = batchStarts;
        for (int i = from; i < to; i++) {
            starts[i - from] = (int) slotTable[hashes[i] & mask] - 1;
        }
        byte[] a = arena;
        for (int i = 0; i < to - from; i++) {
            int start = starts[i];
            if (start >= 0) {
                // The header and the first bytes; the entry may straddle two cache lines.
                touched += a[start] + a[Math.min(start + HEADER + 15, a.length - 1)];
            }
        }
        sink ^= touched;
    }

    private int intern(int tag, byte[] buf, int off, int len, int hash) {
        int mask = slots.length - 1;
        int slot = hash & mask;
        while (true) {
            long entry = slots[slot];
            if (entry == 0) {
                break;
            }
            if ((int) (entry >>> 32) == hash) {
                int id = entryId((int) entry - 1, tag, buf, off, len);
                if (id >= 0) {
                    return id;
                }
            }
            slot = (slot + 1) & mask;
        }
        if (size >= capacity) {
            refused = true;
            return FULL;
        }
        int header = arenaUsed;
        int id = add(tag, buf, off, len);
        slots[slot] = (long) hash << 32 | (header + 1) & 0xffffffffL;
        if (size * 2 > slots.length) {
            rehash();
        }
        return id;
    }

    /** Returns the id of the bytes, or -1 when they were never interned. */
    public int find(int tag, byte[] buf, int off, int len) {
        int hash = hash(tag, buf, off, len);
        int mask = slots.length - 1;
        for (int slot = hash & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
            long entry = slots[slot];
            if ((int) (entry >>> 32) == hash) {
                int id = entryId((int) entry - 1, tag, buf, off, len);
                if (id >= 0) {
                    return id;
                }
            }
        }
        return -1;
    }

    public int size() {
        return size;
    }


    public boolean isFull() {
        return size >= capacity;
    }

    /** Whether a new byte string was turned away: more distinct ones came than the table holds. */
    public boolean refusedAny() {
        return refused;
    }

    public int tag(int id) {
        return meta[id * META + 2];
    }

    /** A copy of the bytes of entry {@code id}. */
    public byte[] bytes(int id) {
        int m = id * META;
        return Arrays.copyOfRange(arena, meta[m], meta[m] + meta[m + 1]);
    }

    /** The id of the entry whose header is at {@code arena[header]} if it holds these bytes and tag, else -1. */
    private int entryId(int header, int tag, byte[] buf, int off, int len) {
        byte[] a = arena;
        int start = header + HEADER;
        if ((long) LONGS.get(a, header) != tagAndLength(tag, len)
                || !Arrays.equals(a, start, start + len, buf, off, off + len)) {
            return -1;
        }
        return (int) INTS.get(a, header + 8);
    }

    private static long tagAndLength(int tag, int len) {
        return (long) len << 32 | tag & 0xffffffffL;
    }

    private int add(int tag, byte[] buf, int off, int len) {
        int id = size;
        int m = id * META;
        // Half as much again, not twice (see KeyStates.ensure): a key table of millions of keys is
        // a large part of the heap. The arena's size stays below 2 GiB: offsets are ints.
        if (m == meta.length) {
            meta = Arrays.copyOf(meta, meta.length + (meta.length >> 1) / META * META);
        }
        if (arenaUsed + HEADER + len > arena.length) {
            arena = Arrays.copyOf(arena, (int) Math.min(Integer.MAX_VALUE - 8,
                    Math.max(arena.length + (long) (arena.length >> 1), (long) arenaUsed + HEADER + len)));
        }
        int header = arenaUsed;
        LONGS.set(arena, header, tagAndLength(tag, len));
        INTS.set(arena, header + 8, id);
        System.arraycopy(buf, off, arena, header + HEADER, len);
        meta[m] = header + HEADER;
        meta[m + 1] = len;
        meta[m + 2] = tag;
        arenaUsed += HEADER + len;
        size++;
        return id;
    }

    private void rehash() {
        long[] next = new long[slots.length * 2];
        int mask = next.length - 1;
        for (long entry : slots) {
            if (entry != 0) {
                int slot = (int) (entry >>> 32) & mask;
                while (next[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                next[slot] = entry;
            }
        }
        slots = next;
    }

    /** A fast, well-mixed 32-bit hash of a tagged byte string, reading eight bytes at a time. */
    public static int hash(int tag, byte[] buf, int off, int len) {
        long h = 0x9E3779B97F4A7C15L * (tag + 1) ^ len;
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            h = (h ^ (long) LONGS.get(buf, i)) * 0xff51afd7ed558ccdL;
            h ^= h >>> 29;
        }
        long tail = 0;
        for (int shift = 0; i < end; i++, shift += 8) {
            tail |= (buf[i] & 0xffL) << shift;
        }
        h = (h ^ tail) * 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 32;
        return (int) h;
    }
}
