package dev.stampededoctor.detectors.ttl;

import java.util.Locale;

/** Durations as people write them: {@code 750 ms}, {@code 12 s}, {@code 4 min}, {@code 2 h 5 min}. */
public final class Durations {
    private Durations() {
    }

    public static String text(long millis) {
        if (millis < 1_000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return (millis % 1_000 == 0 ? String.valueOf(millis / 1_000) : String.format(Locale.ROOT, "%.1f", millis / 1000.0)) + " s";
        }
        long minutes = millis / 60_000;
        if (minutes < 60) {
            long s = millis / 1000 % 60;
            return s == 0 ? minutes + " min" : minutes + " min " + s + " s";
        }
        long hours = minutes / 60;
        if (hours < 48) {
            long m = minutes % 60;
            return m == 0 ? hours + " h" : hours + " h " + m + " min";
        }
        return hours / 24 + " d " + hours % 24 + " h";
    }
}
