package dev.stampededoctor.cli.render;

import java.util.Locale;

/** Number formatting shared by the human-readable renderers. */
final class Numbers {
    private Numbers() {
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String seconds(double s) {
        return s < 10 ? String.format(Locale.ROOT, "%.3f s", s) : String.format(Locale.ROOT, "%,.1f s", s);
    }
}
