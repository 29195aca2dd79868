package dev.stampededoctor.detectors.resp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a command seen on the wire as the line MONITOR would have shown for it
 * ({@code 1700000000.123456 [0 127.0.0.1:50312] "GET" "k"}, quoted as {@code sdscatrepr} does),
 * so that a packet capture reaches the engine in the one form every source shares, can be saved
 * and read again as a MONITOR capture, and quotes its triggers as a MONITOR capture would.
 */
final class MonitorText {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] out = new byte[256];
    private int length;

    byte[] buffer() {
        return out;
    }

    int length() {
        return length;
    }

    void render(PendingCommand c, byte[] client) {
        length = 0;
        long seconds = Math.floorDiv(c.ranAt(), 1_000_000L);
        long micros = Math.floorMod(c.ranAt(), 1_000_000L);
        ascii(Long.toString(seconds));
        put('.');
        String frac = Long.toString(micros);
        for (int i = frac.length(); i < 6; i++) {
            put('0');
        }
        ascii(frac);
        put(' ');
        put('[');
        ascii(Integer.toString(c.db));
        put(' ');
        bytes(client);
        put(']');
        for (int i = 0; i < c.count; i++) {
            put(' ');
            quoted(c.arena, c.offsets[i], c.lengths[i]);
        }
    }

    private void quoted(byte[] buf, int off, int len) {
        ensure(len * 4 + 2);
        out[length++] = '"';
        for (int k = off; k < off + len; k++) {
            int b = buf[k] & 0xff;
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
                    if (b >= 0x20 && b < 0x7f) {
                        out[length++] = (byte) b;
                    } else {
                        out[length++] = '\\';
                        out[length++] = 'x';
                        out[length++] = HEX[b >> 4];
                        out[length++] = HEX[b & 15];
                    }
                }
            }
        }
        out[length++] = '"';
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
