package dev.stampededoctor.detectors.report;

import java.time.LocalDate;
import java.util.Locale;

/**
 * Instants as the documents write them, {@code 2026-11-23T19:14:05.123456Z}, in UTC. Written by
 * hand for the years 0 to 9999 (every capture): {@code Instant.toString} and
 * {@code DateTimeFormatter} set up java.time's whole formatting machinery first, about 5 ms of
 * every report. Other years are left to java.time, whose text this matches.
 */
public final class IsoInstant {
    private IsoInstant() {
    }

    /**
     * {@code epochSecond} and {@code fraction} ({@code digits} digits, not negative) as ISO-8601,
     * or null for a year this does not write (then the caller asks java.time).
     */
    static String format(long epochSecond, long fraction, int digits) {
        long days = Math.floorDiv(epochSecond, 86_400L);
        int second = (int) Math.floorMod(epochSecond, 86_400L);
        if (days < -719_528 || days > 2_932_896) { // 0000-01-01 and 9999-12-31
            return null;
        }
        LocalDate date = LocalDate.ofEpochDay(days);
        char[] text = new char[21 + digits];
        put(text, 0, date.getYear(), 4);
        text[4] = '-';
        put(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        put(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        put(text, 11, second / 3600, 2);
        text[13] = ':';
        put(text, 14, second / 60 % 60, 2);
        text[16] = ':';
        put(text, 17, second % 60, 2);
        text[19] = '.';
        long f = fraction;
        for (int i = 19 + digits; i > 19; i--) {
            text[i] = (char) ('0' + f % 10);
            f /= 10;
        }
        text[20 + digits] = 'Z';
        return new String(text);
    }

    /** Epoch microseconds with exactly six fraction digits, as the capture's timestamps have them. */
    public static String ofMicros(long epochMicros) {
        long seconds = Math.floorDiv(epochMicros, 1_000_000L);
        long fraction = Math.floorMod(epochMicros, 1_000_000L);
        String text = format(seconds, fraction, 6);
        if (text != null) {
            return text;
        }
        String whole = java.time.Instant.ofEpochSecond(seconds).toString(); // +10000-01-01T00:00:00Z
        return whole.substring(0, whole.length() - 1) + String.format(Locale.ROOT, ".%06dZ", fraction);
    }

    /** Epoch milliseconds with exactly three fraction digits, as {@code generatedAt} has them. */
    public static String ofMillis(long epochMillis) {
        String text = format(Math.floorDiv(epochMillis, 1000L), Math.floorMod(epochMillis, 1000L), 3);
        return text != null ? text : java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochMilli(epochMillis));
    }

    private static void put(char[] text, int at, int value, int width) {
        int v = value;
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + v % 10);
            v /= 10;
        }
    }
}
