package dev.stampededoctor.detectors.simulate;

import java.util.random.RandomGenerator;

/**
 * One way of running the cache, replayed over a capture by {@link CacheReplay}. Each hook is a
 * decision the application makes differently under the policy; the defaults are plain cache-aside
 * (every miss rebuilds, TTLs as written, deletes delete). A new policy is one class overriding the
 * hooks it changes, listed in {@link Policies}.
 *
 * <p>Times are in microseconds. Implementations hold only their parameters: the replay owns all
 * state, and passes the one source of randomness so that a simulation is repeatable.
 */
public interface CachePolicy {

    /** The name in reports and on the command line ({@code --policy NAME[=PARAMS]}). */
    String name();

    /** The parameters as reports show them ({@code spread=10%}); empty when there are none. */
    default String parameters() {
        return "";
    }

    /** The TTL actually stored for a write whose application TTL is {@code ttl} (positive). */
    default long storedTtl(long ttl, RandomGenerator random) {
        return ttl;
    }

    /**
     * How long past its stored TTL a value is still served, stale, while one background refresh
     * runs (stale-while-revalidate); 0 when an expired value is a miss.
     */
    default long staleWindow(long ttl) {
        return 0;
    }

    /** Whether an explicit delete of a cached key becomes an overwrite with the new value by the writer. */
    default boolean overwritesDeletes() {
        return false;
    }

    /** Whether a miss while another client rebuilds the key waits for that rebuild instead of starting one. */
    default boolean coalescesMisses() {
        return false;
    }

    /**
     * Whether a read at {@code now} of a fresh value expiring at {@code expiry} starts an early
     * refresh; the reader is served the current value meanwhile.
     */
    default boolean refreshesEarly(long now, long expiry, long rebuildMicros, RandomGenerator random) {
        return false;
    }
}
