package dev.stampededoctor.detectors.command;

/**
 * How a command leaves a key's time to live, as one {@code long}: either the absolute expiry
 * instant in epoch microseconds (relative TTLs are resolved against the line's timestamp) or one
 * of the sentinels below. A primitive keeps the per-line path free of allocation.
 */
public final class Ttl {
    /** The key has no TTL afterwards (plain SET, MSET, GETSET, PERSIST, GETEX PERSIST). */
    public static final long PERSIST = Long.MIN_VALUE;
    /** The command leaves the TTL as it was (SET KEEPTTL, HSET, a conditional EXPIRE). */
    public static final long KEEP = Long.MIN_VALUE + 1;
    /** The TTL moved with the value from another key (RENAME): not visible in the capture. */
    public static final long CARRIED = Long.MIN_VALUE + 2;

    private Ttl() {
    }

    /** True for an expiry instant, false for a sentinel. */
    public static boolean isInstant(long ttl) {
        return ttl > CARRIED;
    }
}
