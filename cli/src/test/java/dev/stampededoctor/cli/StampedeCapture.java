package dev.stampededoctor.cli;

import java.util.Locale;

/** A MONITOR capture of one stampede on a chosen key, for tests of how reports show keys. */
public final class StampedeCapture {
    /** A key a page must show as text, never run. */
    public static final String SCRIPT_KEY = "<script>alert(1)</script>";

    private StampedeCapture() {
    }

    /** A hot key read by ten connections, deleted, then missed and rebuilt by six of them: 6 misses, 6 rebuilds. */
    public static String on(String key) {
        StringBuilder b = new StringBuilder("OK\n");
        long t = 1_800_000_000_000_000L;
        b.append(line(t, 1, "SET", key, "v"));
        for (int i = 0; i < 200; i++) {
            t += 5_000;
            b.append(line(t, 10 + i % 10, "GET", key));
        }
        t += 5_000;
        b.append(line(t, 99, "DEL", key));
        for (int i = 0; i < 6; i++) {
            t += 1_000;
            b.append(line(t, 10 + i, "GET", key));
        }
        for (int i = 0; i < 6; i++) {
            t += 20_000;
            b.append(line(t, 10 + i, "SET", key, "v"));
        }
        for (int i = 0; i < 50; i++) {
            t += 5_000;
            b.append(line(t, 10 + i % 10, "GET", key));
        }
        return b.toString();
    }

    private static String line(long micros, int port, String... args) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%d.%06d [0 127.0.0.1:%d]", micros / 1_000_000,
                micros % 1_000_000, 40_000 + port));
        for (String a : args) {
            b.append(" \"").append(a.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return b.append('\n').toString();
    }
}
