package dev.stampededoctor.detectors.monitor;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a command as the line MONITOR would have shown for it
 * ({@code 1700000000.123456 [0 127.0.0.1:50312] "GET" "k"}, quoted as {@code sdscatrepr} does),
 * so that every source (packets, keyspace events) reaches the engine in the one form they share
 * and quotes its triggers as a MONITOR capture would. Reused: one line at a time.
 */
public final class MonitorLineWriter {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] out = new byte[256];
    private int length;

    public byte[] buffer() {
        return out;
    }

    public int length() {
        return length;
    }

    /** Starts a line: {@code <seconds>.<micros> [<db> <source>]}; arguments follow with {@link #arg}. */
    public MonitorLineWriter begin(long timestampMicros, int db, byte[] source) {
        length = 0;
        long seconds = Math.floorDiv(timestampMicros, 1_000_000L);
        long micros = Math.floorMod(timestampMicros, 1_000_000L);
        // Digits written in place, not through Long.toString: a packet capture writes a line per command.
        if (seconds < 0) {
            ascii(Long.toString(seconds));
        } else {
            digits(seconds, 1);
        }
        put('.');
        digits(micros, 6);
        put(' ');
        put('[');
        if (db < 0) {
            ascii(Integer.toString(db));
        } else {
            digits(db, 1);
        }
        put(' ');
        bytes(source);
        put(']');
        return this;
    }

    /** One argument, quoted. */
    public MonitorLineWriter arg(byte[] buf, int off, int len) {
        put(' ');
        quoted(buf, off, len);
        return this;
    }

    public MonitorLineWriter arg(String ascii) {
        byte[] b = ascii.getBytes(StandardCharsets.ISO_8859_1);
        return arg(b, 0, b.length);
    }

    private void quoted(byte[] buf, int off, int len) {
        ensure(len * 4 + 2);
        out[length++] = '"';
        int end = off + len;
        int k = off;
        while (k < end) {
            // Runs of printable bytes that need no escape (most arguments are one) are copied whole.
            int run = k;
            while (run < end && plain(buf[run])) {
                run++;
            }
            System.arraycopy(buf, k, out, length, run - k);
            length += run - k;
            if (run == end) {
                break;
            }
            escaped(buf[run] & 0xff);
            k = run + 1;
        }
        out[length++] = '"';
    }

    private static boolean plain(byte b) {
        return b >= 0x20 && b < 0x7f && b != '"' && b != '\\';
    }

    private void escaped(int b) {
        switch (b) {
            case '\\', '"' -> {
                out[length++] = '\\';
                out[length++] = (byte) b;
            }
            case '\n' -> escape('n');
            case '\r' -> escape('r');
            case '\t' -> escape('t');
            case 7 -> escape('a');
            case 8 -> escape('b');
            default -> {
                out[length++] = '\\';
                out[length++] = 'x';
                out[length++] = HEX[b >> 4];
                out[length++] = HEX[b & 15];
            }
        }
    }

    /** {@code value} (not negative) in decimal, zero-padded to at least {@code width} digits. */
    private void digits(long value, int width) {
        int n = 1;
        for (long v = value; v >= 10; v /= 10) {
            n++;
        }
        n = Math.max(n, width);
        ensure(n);
        long v = value;
        for (int i = length + n - 1; i >= length; i--) {
            out[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        length += n;
    }

    private void escape(char c) {
        out[length++] = '\\';
        out[length++] = (byte) c;
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            out[length++] = (byte) s.charAt(i);
        }
    }

    private void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, out, length, b.length);
        length += b.length;
    }

    private void put(char c) {
        ensure(1);
        out[length++] = (byte) c;
    }

    private void ensure(int n) {
        if (length + n > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, length + n));
        }
    }
}
