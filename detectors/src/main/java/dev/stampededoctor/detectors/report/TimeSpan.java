package dev.stampededoctor.detectors.report;

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
        return IsoInstant.ofMicros(micros);
    }
}
