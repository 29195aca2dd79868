package dev.stampededoctor.cli;

import java.time.Instant;

/**
 * The {@code generatedAt} of every JSON document: the instant as ISO-8601 UTC with milliseconds
 * ({@code 2026-12-02T19:04:05.123Z}). Each command takes it once per run. The one place the clock
 * is read: tests pin it with the system property {@value #PIN_PROPERTY} (the unit tests' surefire
 * configuration sets it, so golden JSON stays byte for byte the same); it is for tests only.
 */
public final class GeneratedAt {
    /** For tests only: an ISO-8601 instant that every document then carries. */
    public static final String PIN_PROPERTY = "stampede-doctor.test.generated-at";

    private GeneratedAt() {
    }

    /** Now (or the pinned instant), formatted. */
    public static String now() {
        String pinned = System.getProperty(PIN_PROPERTY);
        return format(pinned == null || pinned.isBlank() ? Instant.now() : Instant.parse(pinned.strip()));
    }

    static String format(Instant instant) {
        return dev.stampededoctor.detectors.report.IsoInstant.ofMillis(instant.toEpochMilli());
    }
}
