package dev.stampededoctor.detectors.command;

import dev.stampededoctor.detectors.keys.Words;

/**
 * Maps a command name, in any letter case, to its {@link CommandType} without allocating. Every
 * known name fits in two words (at most ten bytes), so a name is looked up as two words,
 * upper-cased a word at a time, in an open-addressing table of those words: one probe and three
 * compares on every line, instead of hashing and comparing byte by byte.
 */
final class CommandTable {
    private static final int MAX_LENGTH = 10;
    private static final int BITS = 8;
    private static final int SIZE = 1 << BITS;
    private static final long[] LOWS = new long[SIZE];
    private static final long[] HIGHS = new long[SIZE];
    /** Name length; 0 = empty slot. */
    private static final int[] LENGTHS = new int[SIZE];
    private static final CommandType[] TYPES = new CommandType[SIZE];

    static {
        for (CommandType type : CommandType.values()) {
            if (type == CommandType.OTHER) {
                continue;
            }
            byte[] name = type.nameBytes();
            if (name.length > MAX_LENGTH) {
                throw new IllegalStateException("command name longer than " + MAX_LENGTH + " bytes: " + type);
            }
            long low = Words.load(name, 0, Math.min(name.length, 8));
            long high = name.length > 8 ? Words.load(name, 8, name.length - 8) : 0;
            int slot = slot(low, high, name.length);
            while (LENGTHS[slot] != 0) {
                slot = (slot + 1) & (SIZE - 1);
            }
            LOWS[slot] = low;
            HIGHS[slot] = high;
            LENGTHS[slot] = name.length;
            TYPES[slot] = type;
        }
    }

    private CommandTable() {
    }

    static CommandType lookup(byte[] buf, int off, int len) {
        if (len == 0 || len > MAX_LENGTH) {
            return CommandType.OTHER;
        }
        long low = Words.upperAscii(Words.load(buf, off, Math.min(len, 8)));
        long high = len > 8 ? Words.upperAscii(Words.load(buf, off + 8, len - 8)) : 0;
        for (int slot = slot(low, high, len); ; slot = (slot + 1) & (SIZE - 1)) {
            int known = LENGTHS[slot];
            if (known == 0) {
                return CommandType.OTHER;
            }
            if (known == len && LOWS[slot] == low && HIGHS[slot] == high) {
                return TYPES[slot];
            }
        }
    }

    private static int slot(long low, long high, int len) {
        long m = low * 0x9E3779B97F4A7C15L ^ high ^ len;
        m ^= m >>> 32;
        m *= 0xC2B2AE3D27D4EB4FL;
        return (int) (m >>> (64 - BITS));
    }
}
