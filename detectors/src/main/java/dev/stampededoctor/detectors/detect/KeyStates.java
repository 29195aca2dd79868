package dev.stampededoctor.detectors.detect;

import java.util.Arrays;

/**
 * What the detector knows of each key, indexed by the key table's ids: four longs per key in one
 * array, so that looking a key up costs one cache line, not one per field.
 *
 * <pre>
 * word 0  expiry instant (epoch µs), 0 when the key has no known TTL
 * word 1  ABSENT: when it became absent (the trigger); UNKNOWN: first read since sighted
 * word 2  PRESENT: when its TTL was last set; ABSENT by TTL: that TTL (µs); UNKNOWN: first
 *         reader (bits 32-63) and last read as µs after the first (bits 0-31, saturating)
 * word 3  bits 0-1 state, bit 2 trigger ran in a script, bit 3 in an open episode,
 *         bits 8-15 trigger command (ordinal, 255 = the TTL), bits 16-31 reads while unknown
 *         (saturating), bits 32-63 trigger client (ABSENT) or last reader (UNKNOWN)
 * </pre>
 *
 * A key costs 32 bytes here, on top of the key table's own; the arrays grow with the number of
 * distinct keys, which {@code --max-keys} bounds.
 */
final class KeyStates {
    static final int UNKNOWN = 0;
    static final int PRESENT = 1;
    static final int ABSENT = 2;
    static final int TTL_COMMAND = 255;

    private static final int WORDS = 4;
    private static final long STATE_MASK = 3;
    private static final long SCRIPT_BIT = 1 << 2;
    private static final long EPISODE_BIT = 1 << 3;

    private long[] words = new long[WORDS * 1024];
    /** Keeps the loads of {@link #prefetch} from being optimised away. */
    private long sink;

    /** Makes room for key ids below {@code size}. */
    void ensure(int size) {
        if ((long) size * WORDS > words.length) {
            words = Arrays.copyOf(words, (int) Math.max((long) size * WORDS, words.length * 2L));
        }
    }

    /** Loads the state of each valid id in {@code ids[from, to)} into the cache, in independent loads. */
    void prefetch(int[] ids, int from, int to) {
        long touched = 0;
        long[] w = words;
        for (int i = from; i < to; i++) {
            int id = ids[i];
            if (id >= 0) {
                touched += w[id * WORDS + 3];
            }
        }
        sink ^= touched;
    }

    int state(int id) {
        return (int) (words[id * WORDS + 3] & STATE_MASK);
    }

    long expiry(int id) {
        return words[id * WORDS];
    }

    void setExpiry(int id, long instant) {
        words[id * WORDS] = instant;
    }

    long since(int id) {
        return words[id * WORDS + 1];
    }

    long lastSet(int id) {
        return words[id * WORDS + 2];
    }

    /** ABSENT by TTL: the TTL that ran out (µs), 0 if not known. */
    long expiredTtl(int id) {
        return words[id * WORDS + 2];
    }

    /** UNKNOWN: the last read. */
    long lastRead(int id) {
        return words[id * WORDS + 1] + (words[id * WORDS + 2] & 0xffffffffL);
    }

    boolean inEpisode(int id) {
        return (words[id * WORDS + 3] & EPISODE_BIT) != 0;
    }

    void setInEpisode(int id, boolean on) {
        int w = id * WORDS + 3;
        words[w] = on ? words[w] | EPISODE_BIT : words[w] & ~EPISODE_BIT;
    }

    int triggerCommand(int id) {
        return (int) (words[id * WORDS + 3] >>> 8) & 0xff;
    }

    boolean triggerFromScript(int id) {
        return (words[id * WORDS + 3] & SCRIPT_BIT) != 0;
    }

    int client(int id) {
        return (int) (words[id * WORDS + 3] >>> 32);
    }

    int unknownReads(int id) {
        return (int) (words[id * WORDS + 3] >>> 16) & 0xffff;
    }

    /** The key holds a value (since {@code setAt} when a TTL came with it); episode bit kept. */
    void present(int id, long expiry, long setAt) {
        int base = id * WORDS;
        words[base] = expiry;
        words[base + 1] = 0;
        words[base + 2] = setAt;
        words[base + 3] = PRESENT | (words[base + 3] & EPISODE_BIT);
    }

    /**
     * The key was removed at {@code at} by {@code command}, or by its TTL of {@code ttlMicros}
     * (0 if unknown) when {@code command} is {@link #TTL_COMMAND}.
     */
    void absent(int id, long at, int command, int client, boolean fromScript, long ttlMicros) {
        int base = id * WORDS;
        words[base] = 0;
        words[base + 1] = at;
        words[base + 2] = ttlMicros;
        words[base + 3] = ABSENT | (fromScript ? SCRIPT_BIT : 0) | (words[base + 3] & EPISODE_BIT)
                | (long) (command & 0xff) << 8 | (long) client << 32;
    }

    /** A read of a key whose state the capture has not shown yet. */
    void unknownRead(int id, long at, int client) {
        int base = id * WORDS;
        int reads = unknownReads(id);
        if (reads == 0) {
            words[base + 1] = at;
            words[base + 2] = (long) client << 32;
        } else {
            long after = Math.min(Math.max(0, at - words[base + 1]), 0xffffffffL);
            words[base + 2] = (words[base + 2] & 0xffffffff00000000L) | after;
        }
        long keep = words[base + 3] & (EPISODE_BIT | STATE_MASK);
        words[base + 3] = keep | (long) Math.min(reads + 1, 0xffff) << 16 | (long) client << 32;
    }
}
