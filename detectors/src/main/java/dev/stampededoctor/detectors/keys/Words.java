package dev.stampededoctor.detectors.keys;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Short byte strings read as little-endian 64-bit words, for lookups that compare words, not bytes. */
public final class Words {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long HEPTETS = 0x7f7f7f7f7f7f7f7fL;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Words() {
    }

    /** The {@code n} (0..8) bytes at {@code buf[off]} as a little-endian word, zero above them. */
    public static long load(byte[] buf, int off, int n) {
        if (off + 8 <= buf.length) {
            long word = (long) LONGS.get(buf, off);
            return n == 8 ? word : word & ((1L << (n << 3)) - 1);
        }
        long word = 0;
        for (int i = 0; i < n; i++) {
            word |= (buf[off + i] & 0xffL) << (i << 3);
        }
        return word;
    }

    /** ASCII {@code a-z} to {@code A-Z} in each byte of {@code x}; every other byte unchanged. */
    public static long upperAscii(long x) {
        long h = x & HEPTETS;
        // Per byte, no carries: bit 7 of h + 0x1f is set from 'a' (0x61) up, of h + 0x05 above 'z' (0x7a).
        long lower = (h + 0x1f1f1f1f1f1f1f1fL) & ~(h + 0x0505050505050505L) & ~x & HIGH_BITS;
        return x - (lower >>> 2);
    }
}
