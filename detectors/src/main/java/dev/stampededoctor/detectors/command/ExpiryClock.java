package dev.stampededoctor.detectors.command;

/**
 * When Redis treats a key as expired, seen through MONITOR's timestamps: shared by the detectors'
 * key states and the simulator's cache model so that both agree with Redis and with each other.
 */
public final class ExpiryClock {
    /**
     * How much earlier than the stamps say a TTL may really run out. MONITOR stamps a command
     * after it ran, while Redis bases the expiry on the millisecond the command started in: the
     * stamp may fall in the next millisecond, or later when Redis was descheduled in between. A
     * read stamped this close before the computed instant that its client follows with a fill of
     * the key was a miss. Measured on Redis 7.0.15: in 3 of 44 one-second EXPIRE herds of 8
     * clients, 1 to 3 misses were stamped up to 0.8 ms before the computed instant (in a CI run,
     * 4 of 8).
     */
    public static final long LAG_MICROS = 10_000;

    private ExpiryClock() {
    }

    /**
     * The first instant (µs) at which Redis treats a key expiring at {@code expiry} as gone. Redis
     * keeps expiry times in milliseconds and expires a key only when the current millisecond is
     * past its expiry, so reads in the expiry's own millisecond still hit (measured on real servers).
     */
    public static long expiredFrom(long expiry) {
        return (Math.floorDiv(expiry, 1000L) + 1) * 1000L;
    }
}
