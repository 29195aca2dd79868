package dev.stampededoctor.detectors.simulate;

import dev.stampededoctor.detectors.ops.KeyOpKind;

/**
 * Keys missing when the capture began. As in the detector, a key first seen being read and then
 * filled within {@link #CACHE_ASIDE_MICROS} of a read is the cache-aside signature of a miss: it
 * was missing from its first read in that span; earlier reads were served a value from before the
 * capture, which went without a trace.
 */
final class ColdKeys {
    static final long CACHE_ASIDE_MICROS = 5_000_000;

    private ColdKeys() {
    }

    /** Per key id: when the key went missing, or 0 for a key that did not start missing. */
    static long[] goneAt(Trace trace) {
        int n = trace.keyCount();
        long[] goneAt = new long[n];
        long[] firstRead = new long[n];
        long[] lastRead = new long[n];
        boolean[] decided = new boolean[n];
        for (int i = 0; i < trace.size(); i++) {
            KeyOpKind kind = trace.kind(i);
            if (kind == KeyOpKind.FLUSH) {
                continue;
            }
            int k = trace.key(i);
            if (decided[k]) {
                continue;
            }
            long t = trace.at(i);
            if (kind == KeyOpKind.READ) {
                if (firstRead[k] == 0) {
                    firstRead[k] = t;
                }
                lastRead[k] = t;
                continue;
            }
            decided[k] = true;
            if (kind == KeyOpKind.FILL && lastRead[k] != 0 && t - lastRead[k] <= CACHE_ASIDE_MICROS) {
                goneAt[k] = Math.max(firstRead[k], t - CACHE_ASIDE_MICROS);
            }
        }
        return goneAt;
    }
}
