package dev.stampededoctor.detectors.resp;

/**
 * What a server's reply says of the key a read asked for. Stored as its ordinal, one byte per
 * argument, on the command line ({@code MonitorLine#reply}); {@link #NONE} (0) when the source
 * shows no replies, as MONITOR never does.
 */
public enum ReplyKind {
    /** No reply seen: MONITOR, a capture that lost it, or a command queued in MULTI. */
    NONE,
    /** The key was not there: a nil ({@code $-1}, {@code *-1}, RESP3 {@code _}), an empty hash or set, EXISTS 0. */
    MISS,
    /** The key was there. */
    HIT,
    /** An error reply: the command changed nothing. */
    ERROR;

    private static final ReplyKind[] VALUES = values();

    public static ReplyKind of(int ordinal) {
        return VALUES[ordinal];
    }
}
