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

    /** The byte index (0..7) of the first match in a non-zero mask from {@link #matches}. */
    static int firstIndex(long mask) {
        return Long.numberOfTrailingZeros(mask) >>> 3;
    }
}
