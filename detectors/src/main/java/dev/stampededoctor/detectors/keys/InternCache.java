package dev.stampededoctor.detectors.keys;

/**
 * A small direct-mapped memo in front of {@link ByteTable#intern} for byte strings of at most 16
 * bytes, such as client sources ({@code 127.0.0.1:50312}) and command names, which the hot loop
 * looks up once per line. Such a string fits in two words, so a hit costs two compares instead
 * of hashing and probing the table. Longer strings go straight to the table. Ids are those of the
 * table, so the cache changes speed, never results.
 */
public final class InternCache {
    private static final int MAX_LENGTH = 16;
    private static final int SLOT_BITS = 12;
    private static final int SLOTS = 1 << SLOT_BITS;

    private final ByteTable table;
    private final long[] lows = new long[SLOTS];
    private final long[] highs = new long[SLOTS];
    /** Length + 1 of the cached string; 0 = empty slot. */
    private final int[] lengths = new int[SLOTS];
    private final int[] ids = new int[SLOTS];
    private final int[] tags = new int[SLOTS];

    public InternCache(ByteTable table) {
        this.table = table;
    }

    /** Same as {@code table.intern(0, buf, off, len)}. */
    public int intern(byte[] buf, int off, int len) {
        return intern(0, buf, off, len);
    }

    /** Same as {@code table.intern(tag, buf, off, len)}: a client source of one node of several, say. */
    public int intern(int tag, byte[] buf, int off, int len) {
        if (len > MAX_LENGTH) {
            return table.intern(tag, buf, off, len);
        }
        long low = Words.load(buf, off, Math.min(len, 8));
        long high = len > 8 ? Words.load(buf, off + 8, len - 8) : 0;
        // Client sources differ in a few digits of the port only: the words are mixed fully so
        // that the fifty clients of a benchmark do not share a handful of slots.
        long mixed = low * 0x9E3779B97F4A7C15L ^ high ^ len ^ (long) tag << 40;
        mixed ^= mixed >>> 32;
        mixed *= 0xC2B2AE3D27D4EB4FL;
        mixed ^= mixed >>> 29;
        int slot = (int) (mixed >>> (64 - SLOT_BITS));
        if (lengths[slot] == len + 1 && lows[slot] == low && highs[slot] == high && tags[slot] == tag) {
            return ids[slot];
        }
        int id = table.intern(tag, buf, off, len);
        if (id != ByteTable.FULL) {
            tags[slot] = tag;
            lows[slot] = low;
            highs[slot] = high;
            lengths[slot] = len + 1;
            ids[slot] = id;
        }
        return id;
    }
}
