package dev.stampededoctor.detectors.resp;

import java.util.Arrays;

/**
 * One CRLF-terminated RESP line (a type byte and its text: {@code $5}, {@code +OK}, {@code *3}) as
 * it is collected from chunks that may end anywhere. Bounded: a longer line is dropped and
 * reported as overflowed, so that bytes which are no RESP cannot grow it without end.
 */
final class RespLine {
    static final int MAX = 64 * 1024;

    byte[] bytes = new byte[128];
    int length;
    private boolean tooLong;

    /**
     * Adds {@code buf[from, end)} up to the next LF. Returns the position after the LF, the line
     * then complete (without its CR LF), or -1 when it goes on in later bytes.
     */
    int collect(byte[] buf, int from, int end) {
        int nl = from;
        while (nl < end && buf[nl] != '\n') {
            nl++;
        }
        append(buf, from, nl);
        if (nl == end) {
            return -1;
        }
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        return nl + 1;
    }

    /** Whether the line just completed was longer than {@link #MAX}: then it is gone, and this is cleared. */
    boolean overflowed() {
        boolean was = tooLong;
        if (was) {
            clear();
        }
        return was;
    }

    void clear() {
        length = 0;
        tooLong = false;
    }

    /** The decimal number after the type byte, or {@link Long#MIN_VALUE} when there is none. */
    long number() {
        if (length < 2 || length > 21) {
            return Long.MIN_VALUE;
        }
        boolean negative = bytes[1] == '-';
        int k = negative ? 2 : 1;
        if (k == length) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        for (; k < length; k++) {
            int d = bytes[k] - '0';
            // v * 10 + d would pass Long.MAX_VALUE (…807); no division here, which C1 makes a call
            if (d < 0 || d > 9 || v > Long.MAX_VALUE / 10 || v == Long.MAX_VALUE / 10 && d > 7) {
                return Long.MIN_VALUE;
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    private void append(byte[] buf, int from, int to) {
        int n = to - from;
        if (tooLong || n == 0) {
            return;
        }
        if (length + n > MAX) {
            tooLong = true;
            return;
        }
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
        }
        System.arraycopy(buf, from, bytes, length, n);
        length += n;
    }
}
