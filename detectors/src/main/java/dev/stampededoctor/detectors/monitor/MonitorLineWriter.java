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
    /** The seconds of the last line and their digits: consecutive commands mostly share them. */
    private long lastSeconds = -1;
    private byte[] lastSecondsDigits = new byte[0];

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
        // Digits written in place, not through Long.toString: a packet capture writes a line per
        // command. No long division either: C1, which compiles analyze of most captures, makes each
        // one a call into the runtime.
        if (seconds != lastSeconds) {
            lastSeconds = seconds;
            lastSecondsDigits = Long.toString(seconds).getBytes(StandardCharsets.ISO_8859_1);
        }
        bytes(lastSecondsDigits);
        put('.');
        sixDigits((int) micros);
        put(' ');
        put('[');
        if (db >= 0 && db < 10) {
            put((char) ('0' + db));
        } else {
            ascii(Integer.toString(db));
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

    /** {@code value} (0 to 999,999) as exactly six decimal digits. */
    private void sixDigits(int value) {
        ensure(6);
        int v = value;
        for (int i = length + 5; i >= length; i--) {
            int next = v / 10;
            out[i] = (byte) ('0' + v - next * 10);
            v = next;
        }
        length += 6;
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
