package dev.stampededoctor.detectors.monitor;

import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a byte stream into LF-terminated lines without decoding them. Memory stays bounded
 * whatever the input: a line longer than {@code maxLineBytes} (a 100 MB value, a file of NUL
 * bytes) is reported once as too long, with its first bytes, and skipped up to the next LF.
 */
public final class LineSplitter {

    /** Receives the lines; the buffer is reused, so copy what must outlive the call. */
    public interface Handler {
        void line(byte[] buf, int start, int end, long lineNumber);

        /** A line passed the limit; {@code buf[start, end)} holds its first bytes. */
        void tooLong(byte[] buf, int start, int end, long lineNumber);
    }

    private static final int CHUNK = 1 << 20;
    private static final int FIRST_BUFFER = 64 * 1024;

    private final int maxLineBytes;

    public LineSplitter(int maxLineBytes) {
        if (maxLineBytes < 64) {
            throw new IllegalArgumentException("line limit must be at least 64 bytes");
        }
        this.maxLineBytes = maxLineBytes;
    }

    /** Reads {@code in} to its end; returns the number of lines seen (too-long ones included). */
    public long split(InputStream in, Handler handler) throws IOException {
        // Starts small and doubles while reads fill it: a short capture does not allocate (and
        // clear) the 2 MiB a long one reads in.
        int full = Math.min(CHUNK, maxLineBytes) + CHUNK;
        byte[] buf = new byte[Math.min(FIRST_BUFFER, full)];
        int start = 0;
        int end = 0;
        long lineNumber = 0;
        boolean skipping = false;
        while (true) {
            int scan = start;
            // Emit every complete line in the buffer.
            while (true) {
                int nl = indexOfNewline(buf, scan, end);
                if (nl < 0) {
                    break;
                }
                if (skipping) {
                    skipping = false;
                } else if (nl - start > maxLineBytes) {
                    lineNumber++;
                    handler.tooLong(buf, start, start + 256, lineNumber);
                } else {
                    lineNumber++;
                    handler.line(buf, start, nl, lineNumber);
                }
                start = nl + 1;
                scan = start;
            }
            int pending = end - start;
            if (skipping) {
                start = 0;
                end = 0;
            } else if (pending > maxLineBytes) { // a line of exactly maxLineBytes is accepted, as above
                lineNumber++;
                handler.tooLong(buf, start, start + Math.min(pending, 256), lineNumber);
                skipping = true;
                start = 0;
                end = 0;
            } else {
                if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, pending);
                    start = 0;
                    end = pending;
                }
                if (end == buf.length) {
                    buf = java.util.Arrays.copyOf(buf, Math.min(buf.length * 2, maxLineBytes + CHUNK));
                }
            }
            int space = buf.length - end;
            int n = in.read(buf, end, space);
            if (n == space && buf.length < full) {
                buf = java.util.Arrays.copyOf(buf, Math.min(buf.length * 2, full));
            }
            if (n < 0) {
                if (end > start && !skipping) {
                    lineNumber++;
                    handler.line(buf, start, end, lineNumber);
                }
                return lineNumber;
            }
            end += n;
        }
    }

    /** The index of the first {@code \n} in {@code buf[from, to)}, or -1: eight bytes a step. */
    public static int indexOfNewline(byte[] buf, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long m = Swar.matches(Swar.word(buf, i), Swar.NEWLINES);
            if (m != 0) {
                return i + Swar.firstIndex(m);
            }
        }
        for (; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
