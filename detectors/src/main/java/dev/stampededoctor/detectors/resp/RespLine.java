package dev.stampededoctor.detectors.resp;

import dev.stampededoctor.detectors.monitor.LineSplitter;

/**
 * One CRLF-terminated RESP line (a type byte and its text: {@code $5}, {@code +OK}, {@code *3}) as
 * it is collected from chunks that may end anywhere. Bounded: a longer line is dropped and
 * reported as overflowed, so that bytes which are no RESP cannot grow it without end.
 *
 * <p>A line that comes whole in one chunk, as nearly all do, is not copied: its bytes are read
 * where they are, {@code src[off, off + length)}, until the line is cleared. Only a line cut by
 * the end of a chunk is gathered into a buffer of its own.
 */
final class RespLine {
    static final int MAX = 64 * 1024;

    private byte[] own = new byte[128];
    /** The line's bytes are {@code src[off, off + length)}: in the caller's chunk, or in {@link #own}. */
    byte[] src = own;
    int off;
    int length;
    private boolean tooLong;

    /**
     * Adds {@code buf[from, end)} up to the next LF. Returns the position after the LF, the line
     * then complete (without its CR LF) and readable until {@link #clear} (so, for a line read in
     * place, as long as {@code buf} is not overwritten), or -1 when it goes on in later bytes.
     */
    int collect(byte[] buf, int from, int end) {
        int nl = LineSplitter.indexOfNewline(buf, from, end);
        if (nl < 0) {
            append(buf, from, end);
            return -1;
        }
        if (length == 0 && !tooLong) {
            if (nl - from > MAX) {
                tooLong = true;
            } else {
                src = buf;
                off = from;
                length = nl - from;
            }
        } else {
            append(buf, from, nl);
        }
        if (length > 0 && src[off + length - 1] == '\r') {
            length--;
        }
        return nl + 1;
    }

    /** The line's byte at {@code i} (0: its type). */
    byte at(int i) {
        return src[off + i];
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
        src = own;
        off = 0;
    }

    /** The decimal number after the type byte, or {@link Long#MIN_VALUE} when there is none. */
    long number() {
        if (length < 2 || length > 21) {
            return Long.MIN_VALUE;
        }
        byte[] b = src;
        int start = off;
        boolean negative = b[start + 1] == '-';
        int k = negative ? 2 : 1;
        if (k == length) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        for (; k < length; k++) {
            int d = b[start + k] - '0';
            // v * 10 + d would pass Long.MAX_VALUE (…807); no division here, which C1 makes a call
            if (d < 0 || d > 9 || v > Long.MAX_VALUE / 10 || v == Long.MAX_VALUE / 10 && d > 7) {
                return Long.MIN_VALUE;
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    /** Gathers a line that comes in pieces into {@link #own}. */
    private void append(byte[] buf, int from, int to) {
        int n = to - from;
        if (tooLong || n == 0) {
            return;
        }
        if (length + n > MAX) {
            tooLong = true;
            return;
        }
        if (length + n > own.length) {
            own = new byte[Math.max(own.length * 2, length + n)];
        }
        if (src != own) { // what the line has so far is elsewhere: in the old buffer, or read in place
            System.arraycopy(src, off, own, 0, length);
            src = own;
            off = 0;
        }
        System.arraycopy(buf, from, own, length, n);
        length += n;
    }
}
