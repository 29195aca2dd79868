package dev.stampededoctor.detectors.report;

import java.time.Instant;

/** The first and last timestamps of the capture, to the microsecond (ISO-8601, UTC). */
public record TimeSpan(String first, String last, double seconds) {

    public static TimeSpan ofMicros(long firstMicros, long lastMicros) {
        return new TimeSpan(iso(firstMicros), iso(lastMicros), (lastMicros - firstMicros) / 1e6);
    }

    /** A length of time as the reports write it: {@code 3.125 s}, {@code 1,234.5 s}. */
    public static String words(double seconds) {
        return seconds < 10 ? String.format(java.util.Locale.ROOT, "%.3f s", seconds)
                : String.format(java.util.Locale.ROOT, "%,.1f s", seconds);
    }

    /** Epoch microseconds as ISO-8601 with exactly six fraction digits. */
    public static String iso(long micros) {
        long seconds = Math.floorDiv(micros, 1_000_000L);
        long fraction = Math.floorMod(micros, 1_000_000L);
        String fast = IsoInstant.format(seconds, fraction, 6);
        if (fast != null) {
            return fast;
        }
        String whole = Instant.ofEpochSecond(seconds).toString(); // 2026-11-23T19:14:05Z
        return whole.substring(0, whole.length() - 1) + String.format(".%06dZ", fraction);
    }
}
