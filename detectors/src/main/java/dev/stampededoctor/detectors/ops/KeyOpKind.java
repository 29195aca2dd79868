package dev.stampededoctor.detectors.ops;

/** What one key operation does; the ordinal is stored in a {@link KeyOps} batch. */
public enum KeyOpKind {
    READ, FILL, TTL, INVALIDATE,
    /** FLUSHDB / FLUSHALL: no key; the db is the flushed one or {@code -1} for all. */
    FLUSH;

    private static final KeyOpKind[] VALUES = values();

    public static KeyOpKind of(int ordinal) {
        return VALUES[ordinal];
    }
}
