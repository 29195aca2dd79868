package dev.stampededoctor.detectors.monitor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight bytes at a time ("SIMD within a register"): the MONITOR hot loops look for a few
 * delimiter bytes ({@code \n}, {@code "}, {@code \\}, {@code ]}) in long runs of ordinary ones, so
 * testing a whole word per step instead of a byte per step roughly halves their cost.
 */
final class Swar {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    static final long NEWLINES = broadcast('\n');
    static final long QUOTES = broadcast('"');
    static final long BACKSLASHES = broadcast('\\');
    static final long CLOSING_BRACKETS = broadcast(']');

    private Swar() {
    }

    static long broadcast(char c) {
        return ONES * (c & 0xff);
    }

    /** The eight bytes at {@code buf[i, i+8)}, the first in the lowest bits. */
    static long word(byte[] buf, int i) {
        return (long) LONGS.get(buf, i);
    }

    static void putWord(byte[] buf, int i, long word) {
        LONGS.set(buf, i, word);
    }

    /**
     * A mask with the high bit set in the bytes of {@code word} equal to the byte broadcast in
     * {@code pattern}. Bytes above the first match may be flagged wrongly (borrows propagate
     * upwards), so only the lowest set bit is exact: use {@link #firstIndex}.
     */
    static long matches(long word, long pattern) {
        long x = word ^ pattern;
        return (x - ONES) & ~x & HIGHS;
    }

    /** Length of {@code dddddddddd.dddddd } (with its trailing space), the timestamp of every MONITOR line since 2001. */
    static final int TIMESTAMP_LENGTH = 18;
    private static final long ZEROS = broadcast('0');
    private static final long NIBBLE_HIGHS = 0xF0F0F0F0F0F0F0F0L;

    /**
     * Reads {@code <10 digits>.<6 digits> } at {@code p} as microseconds, or returns -1 when the
     * bytes there have another shape (the caller then parses them byte by byte). Needs one byte
     * past the space so that the second word stays inside the line.
     */
    static long timestampMicros(byte[] buf, int p, int end) {
        if (p + TIMESTAMP_LENGTH + 1 > end || buf[p + 10] != '.' || buf[p + 17] != ' ') {
            return -1;
        }
        long high = word(buf, p);
        // The six fraction digits moved up two bytes, under two '0's: eight digits again.
        long fraction = word(buf, p + 11) << 16 | ZEROS & 0xffff;
        int d8 = buf[p + 8] - '0';
        int d9 = buf[p + 9] - '0';
        if (!isEightDigits(high) || !isEightDigits(fraction) || d8 < 0 || d8 > 9 || d9 < 0 || d9 > 9) {
            return -1;
        }
        long seconds = eightDigits(high) * 100 + d8 * 10 + d9;
        return seconds * 1_000_000L + eightDigits(fraction);
    }

    private static boolean isEightDigits(long word) {
        return (word & NIBBLE_HIGHS) == ZEROS && ((word + 0x0606060606060606L) & NIBBLE_HIGHS) == ZEROS;
    }

    /** The value of eight ASCII digits, the first (most significant) in the lowest byte. */
    private static long eightDigits(long word) {
        long w = word - ZEROS;
        w = (w * 10 + (w >>> 8)) & 0x00FF00FF00FF00FFL;
        w = (w * 100 + (w >>> 16)) & 0x0000FFFF0000FFFFL;
        return (w * 10000 + (w >>> 32)) & 0xFFFFFFFFL;
    }

    /**
     * The byte index (0..7) of the first match in a non-zero mask from {@link #matches}. Not
     * {@code Long.numberOfTrailingZeros(mask) >>> 3}: C1, which runs the short captures, compiles
     * that as two calls of a dozen shifts each (C2 alone makes it one instruction), a tenth of the
     * reading thread's time. Here the lowest flagged bit, moved down to bit {@code 8k}, shifts a
     * constant whose byte {@code j} holds {@code 7 - j} left by {@code k} bytes, leaving {@code k}
     * in the top byte.
     */
    static int firstIndex(long mask) {
        return (int) ((((mask & -mask) >>> 7) * 0x0001020304050607L) >>> 56);
    }
}
