package dev.stampededoctor.detectors.keys;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Short byte strings read as little-endian 64-bit words, for lookups that compare words, not bytes. */
public final class Words {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

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
}
