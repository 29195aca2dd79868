package dev.stampededoctor.cli.spring;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;

/**
 * The application's service bean: a row of PostgreSQL behind Spring's {@code @Cacheable}. The
 * method bodies are the loader; they count their own runs (the rebuilds) and each runs a real
 * query on the calling thread's own JDBC connection ({@link #useConnection}).
 */
public class Catalog {
    public static final String CACHE = "items";

    private final String table;
    private final long sleepMillis;
    private final AtomicLong rebuilds = new AtomicLong();
    private final ThreadLocal<Connection> connection = new ThreadLocal<>();

    public Catalog(String table, long sleepMillis) {
        this.table = table;
        this.sleepMillis = sleepMillis;
    }

    /** The JDBC connection this thread's loader runs use (each worker has its own, like a pool slot). */
    public void useConnection(Connection c) {
        connection.set(c);
    }

    public long rebuilds() {
        return rebuilds.get();
    }

    public void reset() {
        rebuilds.set(0);
    }

    @Cacheable(cacheNames = CACHE, key = "#p0")
    public String item(int id) {
        return load(id);
    }

    @Cacheable(cacheNames = CACHE, key = "#p0", sync = true)
    public String itemSync(int id) {
        return load(id);
    }

    /**
     * The loader alone, not cached: one real query (counted as a rebuild) and nothing written; for
     * applications that fill the cache themselves ({@link CaffeineSingleFlight}).
     */
    public String rebuild(int id) {
        return load(id);
    }

    @CacheEvict(cacheNames = CACHE, key = "#p0")
    public void evict(int id) {
        // the write path: the row changed, drop the cached copy
    }

    @CacheEvict(cacheNames = CACHE, allEntries = true)
    public void evictAll() {
        // a bulk change: drop every cached row
    }

    private String load(int id) {
        rebuilds.incrementAndGet();
        Connection c = connection.get();
        if (c == null) {
            throw new IllegalStateException("no JDBC connection on " + Thread.currentThread().getName());
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_sleep(?), body FROM " + table + " WHERE id = ?")) {
            ps.setDouble(1, sleepMillis / 1000.0);
            ps.setInt(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no row " + id + " in " + table);
                }
                return rs.getString(2);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
