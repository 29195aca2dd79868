package dev.stampededoctor.cli.render;

import java.util.Locale;

/** Number formatting shared by the human-readable renderers. */
final class Numbers {
    private Numbers() {
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code n} and the noun, plural unless {@code n} is one: "1 host", "12 connections". */
    static String counted(long n, String noun) {
        return count(n) + " " + (n == 1 ? noun : noun + "s");
    }

    static String seconds(double s) {
        return s < 10 ? String.format(Locale.ROOT, "%.3f s", s) : String.format(Locale.ROOT, "%,.1f s", s);
    }
}
