package dev.stampededoctor.cli.spring;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import org.springframework.cache.Cache.ValueWrapper;

/**
 * A per-JVM single-flight of the rebuild made of a real cache library: every request reads the key
 * from Redis through Spring's cache ({@code RedisCache.get}, a GET on the wire, a miss counted by
 * {@link CountingCacheWriter}); on a miss it calls Caffeine's {@link Cache#get(Object,
 * java.util.function.Function)}, whose loader rebuilds the row from PostgreSQL
 * ({@link Catalog#rebuild}, counted) and writes it to Redis ({@code RedisCache.put}). Caffeine runs
 * one load per key at a time and makes the JVM's other callers of that key wait for it, so each
 * JVM rebuilds once however many of its requests missed. The entries expire after
 * {@link #FLIGHT} (no value is kept in memory for long: Redis stays the cache), enough to cover the
 * requests that missed Redis just before the refill landed.
 *
 * <p>A fleet of such JVMs is issue 14's per-process lock: one rebuild per process, not one in all.
 */
public final class CaffeineSingleFlight {
    /** How long a finished load still answers the JVM's late misses. */
    public static final Duration FLIGHT = Duration.ofMillis(100);

    private final org.springframework.cache.Cache redis;
    private final Catalog catalog;
    private final Cache<String, String> flights = Caffeine.newBuilder().expireAfterWrite(FLIGHT).build();

    public CaffeineSingleFlight(SpringCacheApp app) {
        this.redis = app.cache();
        this.catalog = app.catalog();
    }

    /** One request for item {@code id}: Redis first, on a miss the JVM's one shared rebuild. */
    public String item(int id) {
        ValueWrapper cached = redis.get(id);
        if (cached != null && cached.get() != null) {
            return (String) cached.get();
        }
        return flights.get(Catalog.CACHE + "::" + id, k -> {
            String body = catalog.rebuild(id);
            redis.put(id, body);
            return body;
        });
    }
}
