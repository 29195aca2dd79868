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

    /** A rate or measure with at most one decimal: "12", "0.5", "1,250". */
    static String rate(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%,.1f", v);
    }

    static String seconds(double s) {
        return s < 10 ? String.format(Locale.ROOT, "%.3f s", s) : String.format(Locale.ROOT, "%,.1f s", s);
    }
}
