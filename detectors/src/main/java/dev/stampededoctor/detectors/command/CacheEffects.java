package dev.stampededoctor.detectors.command;

/**
 * What commands do to the cache, one call per key touched. {@link CommandModel} turns every
 * MONITOR line into these calls; statistics and detectors implement them. The key of a call is
 * argument {@code keyArg} of {@code cmd}.
 */
public interface CacheEffects {

    /** Every parsed command, before its per-key effects. */
    default void command(CacheCommand cmd) {
    }

    /** A read of the key's value (GET, MGET, HGET, HGETALL, EXISTS…). */
    void read(CacheCommand cmd, int keyArg);

    /**
     * A write that leaves a value in the key.
     *
     * @param ttl an expiry instant or {@link Ttl#PERSIST}, {@link Ttl#KEEP}, {@link Ttl#CARRIED}
     */
    void fill(CacheCommand cmd, int keyArg, FillMode mode, long ttl);

    /** A change of TTL that does not delete the key: an expiry instant or {@link Ttl#PERSIST}. */
    void ttl(CacheCommand cmd, int keyArg, long ttl, ExpireCondition condition);

    /** An explicit removal of the key. */
    void invalidate(CacheCommand cmd, int keyArg, Invalidation cause);

    /** FLUSHDB ({@code db} is the line's db) or FLUSHALL ({@code db} is {@link CacheCommand#ALL_DBS}). */
    void flush(CacheCommand cmd, int db);
}
