package dev.stampededoctor.cli.drill;

import java.util.Locale;

/**
 * How the drill's client threads reach Redis, as real client libraries do: a pool (redis-py,
 * Jedis: one connection per concurrent request) or one connection per process shared by all its
 * threads (Lettuce: one per JVM; node-redis, ioredis: one socket per client object). MONITOR
 * shows connections, not threads: under {@link #SHARED} one {@code ip:port} sends a whole herd.
 */
public enum ConnectionMode {
    /** Each client thread has a Redis connection of its own. */
    POOLED,
    /** The threads are split over processes; each process has one pipelined connection its threads share. */
    SHARED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ConnectionMode of(String label) {
        for (ConnectionMode m : values()) {
            if (m.label().equals(label.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown connection mode '" + label + "' (expected pooled or shared)");
    }
}
