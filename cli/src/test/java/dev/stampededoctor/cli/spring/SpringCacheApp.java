package dev.stampededoctor.cli.spring;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.bootstrap.Bootstrap;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.BatchStrategies;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * One "JVM" of a Spring application as Spring Boot wires it: a {@link LettuceConnectionFactory}
 * sharing one native connection for all threads, a {@link RedisCacheManager} over spring-data-redis's
 * own cache writer (plain or locking, wrapped by {@link CountingCacheWriter} to count misses), and
 * {@code @EnableCaching} proxying the {@link Catalog} bean in an
 * {@link AnnotationConfigApplicationContext}.
 */
public final class SpringCacheApp implements AutoCloseable {

    /**
     * @param sourceAddress loopback address the Redis connection binds to (127.0.0.21 …), or null
     * @param ttl           the cache's entryTtl, or null for none
     * @param locking       spring-data-redis's locking cache writer instead of the default one
     */
    public record Settings(String redisHost, int redisPort, String sourceAddress, Duration ttl, boolean locking,
            String table, long rebuildSleepMillis) {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class CachingConfig {
    }

    private final ClientResources resources;
    private final AnnotationConfigApplicationContext context;
    private final RedisCacheWriter writer;
    private final Catalog catalog;

    public SpringCacheApp(Settings s) {
        ClientResources.Builder rb = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2);
        if (s.sourceAddress() != null) {
            rb.nettyCustomizer(new NettyCustomizer() {
                @Override
                public void afterBootstrapInitialized(Bootstrap bootstrap) {
                    bootstrap.localAddress(new InetSocketAddress(s.sourceAddress(), 0));
                }
            });
        }
        this.resources = rb.build();
        LettuceClientConfiguration clientConfig = LettuceClientConfiguration.builder().clientResources(resources)
                .commandTimeout(Duration.ofSeconds(10)).build();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(s.redisHost(), s.redisPort()), clientConfig);
        RedisCacheWriter real = s.locking()
                ? RedisCacheWriter.lockingRedisCacheWriter(factory, BatchStrategies.keys())
                : RedisCacheWriter.nonLockingRedisCacheWriter(factory);
        this.writer = CountingCacheWriter.wrap(real);
        RedisCacheConfiguration cacheConfig = RedisCacheConfiguration.defaultCacheConfig()
                .serializeValuesWith(RedisSerializationContext.SerializationPair.fromSerializer(RedisSerializer.string()));
        if (s.ttl() != null) {
            cacheConfig = cacheConfig.entryTtl(s.ttl());
        }
        RedisCacheManager manager = RedisCacheManager.builder(writer).cacheDefaults(cacheConfig).build();

        context = new AnnotationConfigApplicationContext();
        context.register(CachingConfig.class);
        context.registerBean("redisConnectionFactory", LettuceConnectionFactory.class, () -> factory);
        context.registerBean("cacheManager", CacheManager.class, () -> manager);
        context.registerBean("catalog", Catalog.class, () -> new Catalog(s.table(), s.rebuildSleepMillis()));
        context.refresh();
        this.catalog = context.getBean(Catalog.class);
        if (!org.springframework.aop.support.AopUtils.isAopProxy(catalog)) {
            throw new IllegalStateException("@EnableCaching did not proxy the catalog bean");
        }
    }

    /**
     * Opens the factory's connections now instead of on the first cache call (a fresh JVM takes
     * hundreds of ms for it): one PING on the shared connection the reads use, one on the reactive
     * connection spring-data-redis 4 sends its asynchronous writes on.
     */
    public void warmUp() {
        LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
        try (org.springframework.data.redis.connection.RedisConnection c = factory.getConnection()) {
            c.ping();
        }
        if (springDataRedisVersion().startsWith("3.")) {
            return; // 3.x writes on the same connection: no second one to open
        }
        try (org.springframework.data.redis.connection.ReactiveRedisConnection c = factory.getReactiveConnection()) {
            c.ping().block(Duration.ofSeconds(10));
        }
    }

    /** spring-data-redis's version from its jar manifest, e.g. {@code 4.1.2}; "unknown" without one. */
    public static String springDataRedisVersion() {
        String v = RedisCacheWriter.class.getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }

    /** The proxied bean: calls go through Spring's cache interceptor. */
    public Catalog catalog() {
        return catalog;
    }

    /** Spring's Redis-backed cache {@link Catalog#CACHE} itself, for code that reads and fills it by hand. */
    public org.springframework.cache.Cache cache() {
        org.springframework.cache.Cache c = context.getBean(CacheManager.class).getCache(Catalog.CACHE);
        if (c == null) {
            throw new IllegalStateException("no cache " + Catalog.CACHE);
        }
        return c;
    }

    /** The application's counts of what its cache writer saw. */
    public CountingCacheWriter writer() {
        return CountingCacheWriter.of(writer);
    }

    /** Loader runs since the last {@link #reset}. */
    public long rebuilds() {
        return catalog.rebuilds();
    }

    public long misses() {
        return writer().misses();
    }

    public void reset() {
        catalog.reset();
        writer().reset();
    }

    @Override
    public void close() {
        context.close();
        resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
    }
}
