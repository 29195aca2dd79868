package dev.stampededoctor.detectors.resp;

import java.util.Arrays;

/**
 * One request's arguments as the reader collected them: slices of one arena. Reused for every
 * request of a connection; an argument longer than {@link #MAX_KEPT} keeps only its start (a
 * large value, never a key the model needs whole).
 */
final class RequestArgs {
    static final int MAX_KEPT = 64 * 1024;

    byte[] arena = new byte[256];
    int used;
    int[] offsets = new int[8];
    int[] lengths = new int[8];
    int count;

    void clear() {
        used = 0;
        count = 0;
    }

    /** Starts a new argument. */
    void begin() {
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        offsets[count] = used;
        lengths[count] = 0;
        count++;
    }

    /** Appends bytes to the argument begun last, up to {@link #MAX_KEPT}. */
    void append(byte[] buf, int off, int len) {
        int i = count - 1;
        int n = Math.min(len, MAX_KEPT - lengths[i]);
        if (n <= 0) {
            return;
        }
        if (used + n > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, used + n));
        }
        System.arraycopy(buf, off, arena, used, n);
        used += n;
        lengths[i] += n;
    }

    /** Whether argument {@code i} equals {@code upperAscii}, ignoring ASCII case. */
    boolean is(int i, byte[] upperAscii) {
        return i < count && equalsIgnoringCase(arena, offsets[i], lengths[i], upperAscii);
    }

    /** Whether {@code buf[off, off + len)} equals {@code upperAscii}, ignoring ASCII case. */
    static boolean equalsIgnoringCase(byte[] buf, int off, int len, byte[] upperAscii) {
        if (len != upperAscii.length) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            int b = buf[off + k];
            if (b >= 'a' && b <= 'z') {
                b -= 32;
            }
            if (b != upperAscii[k]) {
                return false;
            }
        }
        return true;
    }

    private static final byte[] REDACTED = "(redacted)".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * Replaces every argument from {@code from} on with {@code (redacted)}, as MONITOR does for
     * AUTH's arguments and those after HELLO's AUTH: secrets never reach a report or a saved file.
     */
    void redactAfter(int from) {
        if (from >= count) {
            return;
        }
        used = offsets[from];
        for (int i = from; i < count; i++) {
            offsets[i] = used;
            lengths[i] = 0;
            int saved = count;
            count = i + 1; // append writes to the argument begun last
            append(REDACTED, 0, REDACTED.length);
            count = saved;
        }
    }
}
