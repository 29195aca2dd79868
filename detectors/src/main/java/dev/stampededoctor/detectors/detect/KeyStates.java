package dev.stampededoctor.detectors.detect;

import java.util.Arrays;

/**
 * What the detector knows of each key, indexed by the key table's ids: four longs per key in one
 * array, so that looking a key up costs one cache line, not one per field.
 *
 * <pre>
 * word 0  expiry instant (epoch µs), 0 when the key has no known TTL
 * word 1  PRESENT: TTL last set, in ms (bits 32-63, saturating) and reads since the fill (bits 0-31)
 *         ABSENT:  when it became absent (the trigger)
 *         UNKNOWN: first read since sighted
 * word 2  PRESENT: when it was filled
 *         ABSENT:  TTL that ran out, in ms (bits 32-63) and the read rate before (float bits 0-31,
 *                  reads per second; NaN when not known)
 *         UNKNOWN: last read, as µs after the first (saturating)
 * word 3  bits 0-1 state, bit 2 trigger ran in a script, bit 3 in an open episode, bit 4 a lock
 *         candidate (only NX writes so far, tracked by {@link LockKeys}), bit 5 never a lock,
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
    /** ABSENT by what the capture does not show: the server replied nil to a key it showed present or never showed. */
    static final int UNSEEN_COMMAND = 254;

    private static final int WORDS = 4;
    private static final long STATE_MASK = 3;
    private static final long SCRIPT_BIT = 1 << 2;
    private static final long EPISODE_BIT = 1 << 3;
    private static final long LOCK_CANDIDATE_BIT = 1 << 4;
    private static final long NOT_LOCK_BIT = 1 << 5;
    /** Bits that outlive the key's changes of state. */
    private static final long KEPT_BITS = EPISODE_BIT | LOCK_CANDIDATE_BIT | NOT_LOCK_BIT;
    private static final long LOW = 0xffffffffL;

    private long[] words = new long[WORDS * 1024];
    /**
     * ABSENT by a command: the line that removed the key ({@code MonitorLine#lineId()}). Apart
     * from {@link #words}: only invalidations write it and only an episode's opening reads it.
     */
    private long[] triggerLines = new long[1024];
    /** Keeps the loads of {@link #prefetch} from being optimised away. */
    private long sink;

    /** Makes room for key ids below {@code size}. */
    void ensure(int size) {
        // Half as much again, not twice: with millions of keys these arrays are most of the heap,
        // and a doubling leaves up to half of them unused, while the old copy is still held.
        if ((long) size * WORDS > words.length) {
            int keys = words.length / WORDS;
            words = Arrays.copyOf(words, (int) Math.max((long) size * WORDS, (keys + (long) (keys >> 1)) * WORDS));
        }
        if (size > triggerLines.length) {
            triggerLines = Arrays.copyOf(triggerLines, Math.max(size, triggerLines.length + (triggerLines.length >> 1)));
        }
    }

    /** Loads the state of each valid id in {@code ids[from, to)} into the cache, in independent loads. */
    void prefetch(int[] ids, int from, int to) {
        long touched = 0;
        long[] w = words;
        for (int i = from; i < to; i++) {
            int id = ids[i];
            if (id >= 0) {
                // A key's four words may straddle two cache lines: touch both ends.
                touched += w[id * WORDS] + w[id * WORDS + 3];
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

    /** UNKNOWN: an expiry learnt from a TTL command before the key's value was seen. */
    void setExpiry(int id, long instant) {
        words[id * WORDS] = instant;
    }

    /** ABSENT: when it went; UNKNOWN: its first read. */
    long since(int id) {
        return words[id * WORDS + 1];
    }

    boolean inEpisode(int id) {
        return (words[id * WORDS + 3] & EPISODE_BIT) != 0;
    }

    void setInEpisode(int id, boolean on) {
        int w = id * WORDS + 3;
        words[w] = on ? words[w] | EPISODE_BIT : words[w] & ~EPISODE_BIT;
    }

    /** Only NX writes so far, and tracked as a possible lock. */
    boolean lockCandidate(int id) {
        return (words[id * WORDS + 3] & LOCK_CANDIDATE_BIT) != 0;
    }

    /** Written otherwise than with NX (or past the tracking limit): never a lock. */
    boolean notLock(int id) {
        return (words[id * WORDS + 3] & NOT_LOCK_BIT) != 0;
    }

    void setLockCandidate(int id) {
        words[id * WORDS + 3] |= LOCK_CANDIDATE_BIT;
    }

    void setNotLock(int id) {
        words[id * WORDS + 3] = (words[id * WORDS + 3] & ~LOCK_CANDIDATE_BIT) | NOT_LOCK_BIT;
    }

    /** ABSENT by a command: the line that removed it (see {@link #setTriggerLine}). */
    long triggerLine(int id) {
        return triggerLines[id];
    }

    void setTriggerLine(int id, long line) {
        triggerLines[id] = line;
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

    /** UNKNOWN: the last read. */
    long lastRead(int id) {
        return words[id * WORDS + 1] + words[id * WORDS + 2];
    }

    /** PRESENT: when it was last filled. */
    long filledAt(int id) {
        return words[id * WORDS + 2];
    }

    /** PRESENT: reads since it was last filled (saturating). */
    long presentReads(int id) {
        return words[id * WORDS + 1] & LOW;
    }

    /** PRESENT: the TTL last set on it (µs), 0 if none was seen. */
    long ttl(int id) {
        return (words[id * WORDS + 1] >>> 32) * 1000;
    }

    /** ABSENT by TTL: the TTL that ran out (µs), 0 if not known. */
    long expiredTtl(int id) {
        return (words[id * WORDS + 2] >>> 32) * 1000;
    }

    /** ABSENT: reads per second of the key before it went; NaN when the capture did not show. */
    float readRateBefore(int id) {
        return Float.intBitsToFloat((int) words[id * WORDS + 2]);
    }

    /** A hit on a present key. */
    void presentRead(int id) {
        int w = id * WORDS + 1;
        if ((words[w] & LOW) != LOW) {
            words[w]++;
        }
    }

    /**
     * The key holds a value filled at {@code filledAt} (reads counted from then), with
     * {@code ttlMicros} its TTL (0 none); the episode bit is kept.
     */
    void present(int id, long expiry, long ttlMicros, long filledAt) {
        int base = id * WORDS;
        words[base] = expiry;
        words[base + 1] = Math.min(ttlMicros / 1000, LOW) << 32;
        words[base + 2] = filledAt;
        words[base + 3] = PRESENT | (words[base + 3] & KEPT_BITS);
    }

    /** A new TTL on a present key; the fill time and the read count stay. */
    void retime(int id, long expiry, long ttlMicros) {
        int base = id * WORDS;
        words[base] = expiry;
        words[base + 1] = Math.min(Math.max(0, ttlMicros) / 1000, LOW) << 32 | (words[base + 1] & LOW);
    }

    /**
     * The key was removed at {@code at} by {@code command}, or by its TTL when {@code command} is
     * {@link #TTL_COMMAND}. Keeps how often it was read before, for the episode to judge.
     */
    void absent(int id, long at, int command, int client, boolean fromScript) {
        int base = id * WORDS;
        int state = state(id);
        float rate = Float.NaN;
        long ttlMs = 0;
        if (state == PRESENT) {
            rate = (float) ((words[base + 1] & LOW) * 1e6 / Math.max(1_000, at - words[base + 2]));
            ttlMs = words[base + 1] >>> 32;
        } else if (state == UNKNOWN && unknownReads(id) > 0) {
            rate = (float) (unknownReads(id) * 1e6 / Math.max(1_000, at - words[base + 1]));
        }
        words[base] = 0;
        words[base + 1] = at;
        words[base + 2] = (command == TTL_COMMAND ? ttlMs : 0) << 32 | (Float.floatToRawIntBits(rate) & LOW);
        words[base + 3] = ABSENT | (fromScript ? SCRIPT_BIT : 0) | (words[base + 3] & KEPT_BITS)
                | (long) (command & 0xff) << 8 | (long) client << 32;
    }

    /** A read of a key whose state the capture has not shown yet. */
    void unknownRead(int id, long at, int client) {
        int base = id * WORDS;
        int reads = unknownReads(id);
        if (reads == 0) {
            words[base + 1] = at;
            words[base + 2] = 0;
        } else {
            words[base + 2] = Math.min(Math.max(0, at - words[base + 1]), LOW);
        }
        long keep = words[base + 3] & (KEPT_BITS | STATE_MASK);
        words[base + 3] = keep | (long) Math.min(reads + 1, 0xffff) << 16 | (long) client << 32;
    }
}
