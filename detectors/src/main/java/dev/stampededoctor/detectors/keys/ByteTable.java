package dev.stampededoctor.detectors.keys;

import java.util.Arrays;

/**
 * Interns byte strings, each with a small integer tag (a db number), into dense ids 0, 1, 2…
 * The bytes live in one growing arena and the index is open addressing over int arrays, so a
 * lookup allocates nothing and a key costs its length plus about 20 bytes.
 *
 * <p>The table is bounded: once {@code capacity} entries exist, {@link #intern} returns
 * {@link #FULL} for new byte strings instead of growing.
 */
public final class ByteTable {
    /** Returned by {@link #intern} when the table is full and the bytes are new. */
    public static final int FULL = -1;

    private final int capacity;
    private byte[] arena = new byte[1 << 12];
    private int arenaUsed;
    private int[] offsets = new int[256];
    private int[] lengths = new int[256];
    private int[] tags = new int[256];
    private int[] hashes = new int[256];
    private int size;
    /** Slot -> id + 1 (0 = empty). */
    private int[] slots = new int[512];

    public ByteTable(int capacity) {
        this.capacity = capacity;
    }

    /** Returns the id of {@code (tag, buf[off, off+len))}, adding it if new. */
    public int intern(int tag, byte[] buf, int off, int len) {
        int hash = hash(tag, buf, off, len);
        int mask = slots.length - 1;
        int slot = hash & mask;
        while (true) {
            int entry = slots[slot];
            if (entry == 0) {
                break;
            }
            int id = entry - 1;
            if (hashes[id] == hash && tags[id] == tag && lengths[id] == len
                    && Arrays.equals(arena, offsets[id], offsets[id] + len, buf, off, off + len)) {
                return id;
            }
            slot = (slot + 1) & mask;
        }
        if (size >= capacity) {
            return FULL;
        }
        int id = add(tag, buf, off, len, hash);
        slots[slot] = id + 1;
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
            int id = slots[slot] - 1;
            if (hashes[id] == hash && tags[id] == tag && lengths[id] == len
                    && Arrays.equals(arena, offsets[id], offsets[id] + len, buf, off, off + len)) {
                return id;
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

    public int tag(int id) {
        return tags[id];
    }

    /** A copy of the bytes of entry {@code id}. */
    public byte[] bytes(int id) {
        return Arrays.copyOfRange(arena, offsets[id], offsets[id] + lengths[id]);
    }

    /** Bytes held, for memory accounting. */
    public long footprintBytes() {
        return arena.length + 16L * offsets.length + 4L * slots.length;
    }

    private int add(int tag, byte[] buf, int off, int len, int hash) {
        if (size == offsets.length) {
            int n = size * 2;
            offsets = Arrays.copyOf(offsets, n);
            lengths = Arrays.copyOf(lengths, n);
            tags = Arrays.copyOf(tags, n);
            hashes = Arrays.copyOf(hashes, n);
        }
        if (arenaUsed + len > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + len));
        }
        System.arraycopy(buf, off, arena, arenaUsed, len);
        int id = size++;
        offsets[id] = arenaUsed;
        lengths[id] = len;
        tags[id] = tag;
        hashes[id] = hash;
        arenaUsed += len;
        return id;
    }

    private void rehash() {
        int[] next = new int[slots.length * 2];
        int mask = next.length - 1;
        for (int id = 0; id < size; id++) {
            int slot = hashes[id] & mask;
            while (next[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            next[slot] = id + 1;
        }
        slots = next;
    }

    private static int hash(int tag, byte[] buf, int off, int len) {
        int h = tag * 0x9E3779B9 + len;
        int i = off;
        int end = off + len;
        for (; i + 3 < end; i += 4) {
            int word = (buf[i] & 0xff) | (buf[i + 1] & 0xff) << 8 | (buf[i + 2] & 0xff) << 16 | buf[i + 3] << 24;
            h = (h ^ word) * 0x5bd1e995;
            h ^= h >>> 15;
        }
        for (; i < end; i++) {
            h = (h ^ buf[i]) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return h;
    }
}
