package dev.stampededoctor.detectors.simulate;

import dev.stampededoctor.detectors.command.FillMode;
import dev.stampededoctor.detectors.keys.LockNames;
import dev.stampededoctor.detectors.ops.KeyOpKind;

/**
 * The keys of a trace used as locks, by the detector's rule: written only with {@code SET … NX},
 * and deleted by the connection that took them, or named as locks. A lock is the application's
 * coordination, not a cached value: no policy rebuilds it, and its acquisitions are no rebuilds.
 */
final class TraceLocks {
    private TraceLocks() {
    }

    static boolean[] find(Trace trace) {
        int n = trace.keyCount();
        boolean[] nx = new boolean[n];
        boolean[] other = new boolean[n];
        boolean[] released = new boolean[n];
        int[] holder = new int[n];
        java.util.Arrays.fill(holder, -1);
        for (int i = 0; i < trace.size(); i++) {
            KeyOpKind kind = trace.kind(i);
            if (kind == KeyOpKind.FLUSH) {
                continue;
            }
            int k = trace.key(i);
            if (kind == KeyOpKind.FILL) {
                if (trace.detail(i) == FillMode.IF_ABSENT.ordinal()) {
                    nx[k] = true;
                    if (holder[k] < 0) {
                        holder[k] = trace.client(i); // taken (a refused attempt leaves the holder)
                    }
                } else {
                    other[k] = true;
                }
            } else if (kind == KeyOpKind.INVALIDATE) {
                if (holder[k] >= 0 && holder[k] == trace.client(i)) {
                    released[k] = true;
                }
                holder[k] = -1;
            }
        }
        boolean[] locks = new boolean[n];
        for (int k = 0; k < n; k++) {
            locks[k] = nx[k] && !other[k] && (released[k] || LockNames.isLockName(trace.keyBytes(k)));
        }
        return locks;
    }
}
