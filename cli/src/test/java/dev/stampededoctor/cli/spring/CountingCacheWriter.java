package dev.stampededoctor.cli.spring;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.data.redis.cache.RedisCacheWriter;

/**
 * The application's own count of cache misses, taken below Spring's cache abstraction: a
 * {@link RedisCacheWriter} that delegates every call to spring-data-redis's real writer (plain or
 * locking) and counts the reads that came back empty. For {@code @Cacheable(sync = true)} on
 * spring-data-redis 3.4+ the library hands the loader to the writer; a call of that loader is the
 * writer's read having found nothing, so it counts as a miss too.
 *
 * <p>A dynamic proxy rather than a class implementing the interface, so that the same code runs on
 * spring-data-redis 3.3 (no {@code store}, {@code evict}, loader-taking {@code get}) and on 4.x.
 */
public final class CountingCacheWriter implements InvocationHandler {
    private final RedisCacheWriter delegate;
    private final AtomicLong misses;
    private final AtomicLong hits;
    private final AtomicLong puts;
    private final AtomicLong lastPutMillis;

    private CountingCacheWriter(RedisCacheWriter delegate, CountingCacheWriter shared) {
        this.delegate = delegate;
        this.misses = shared == null ? new AtomicLong() : shared.misses;
        this.hits = shared == null ? new AtomicLong() : shared.hits;
        this.puts = shared == null ? new AtomicLong() : shared.puts;
        this.lastPutMillis = shared == null ? new AtomicLong() : shared.lastPutMillis;
    }

    /** The counting writer over {@code delegate}; read its counts with {@link #of}. */
    public static RedisCacheWriter wrap(RedisCacheWriter delegate) {
        return proxy(new CountingCacheWriter(delegate, null));
    }

    /** The counters behind a writer made by {@link #wrap}. */
    public static CountingCacheWriter of(RedisCacheWriter writer) {
        return (CountingCacheWriter) Proxy.getInvocationHandler(writer);
    }

    private static RedisCacheWriter proxy(CountingCacheWriter handler) {
        return (RedisCacheWriter) Proxy.newProxyInstance(RedisCacheWriter.class.getClassLoader(),
                new Class<?>[] {RedisCacheWriter.class}, handler);
    }

    /** Reads that returned nothing since the last {@link #reset}. */
    public long misses() {
        return misses.get();
    }

    public long hits() {
        return hits.get();
    }

    public long puts() {
        return puts.get();
    }

    /** Wall clock (ms) just before the last write was handed to the library. */
    public long lastPutMillis() {
        return lastPutMillis.get();
    }

    public void reset() {
        misses.set(0);
        hits.set(0);
        puts.set(0);
    }

    private void wrote() {
        lastPutMillis.set(System.currentTimeMillis());
        puts.incrementAndGet();
    }

    private Object count(Object value) {
        (value == null ? misses : hits).incrementAndGet();
        return value;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (method.getDeclaringClass() == Object.class) {
            return switch (name) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "CountingCacheWriter(" + delegate + ")";
            };
        }
        boolean[] loaded = new boolean[1];
        if (name.equals("get") && args.length == 5 && args[2] instanceof Supplier<?> loader) {
            args = args.clone();
            args[2] = (Supplier<Object>) () -> {
                loaded[0] = true;
                misses.incrementAndGet();
                wrote();
                return loader.get();
            };
        }
        if (name.equals("put") || name.equals("store")) {
            wrote();
        }
        Object result;
        try {
            result = method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        switch (name) {
            case "get" -> {
                if (args.length == 5) {
                    if (!loaded[0]) {
                        hits.incrementAndGet();
                    }
                } else {
                    count(result);
                }
            }
            case "retrieve" -> {
                return ((CompletableFuture<?>) result).thenApply(this::count);
            }
            case "withStatisticsCollector" -> {
                return proxy(new CountingCacheWriter((RedisCacheWriter) result, this));
            }
            default -> {
                // passed through unchanged
            }
        }
        return result;
    }
}
