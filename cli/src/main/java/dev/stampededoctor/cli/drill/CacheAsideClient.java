package dev.stampededoctor.cli.drill;

import dev.stampededoctor.cli.redis.RedisCommands;
import dev.stampededoctor.cli.redis.RedisError;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * One cache-aside client, as an application runs it: read the key; on a miss query PostgreSQL
 * (a real query on the drill's table) and write the value back, all under the workload's
 * {@link Mitigation}. It has its own PostgreSQL connection and either its own Redis connection
 * or a {@link dev.stampededoctor.cli.redis.RedisMultiplexer} shared with the other threads of its
 * "process", and counts what it sees.
 */
public final class CacheAsideClient {
    /** XFetch's beta, as {@code simulate}'s default. */
    static final double XFETCH_BETA = 1.0;
    private static final long LOCK_POLL_MILLIS = 10;
    private static final long LOCK_WAIT_MILLIS = 5_000;

    private final Workload w;
    private final ClientCounts counts;
    private final RedisCommands redis;
    private final PreparedStatement query;
    private final Random random = new Random();
    private final LatencyHistogram latencies = new LatencyHistogram();
    private final String token = UUID.randomUUID().toString();
    /** A stale key this client holds the refresh lock of, refreshed once its read is served. */
    private String refreshAfterRead;

    public CacheAsideClient(Workload w, ClientCounts counts, RedisCommands redis, Connection db)
            throws SQLException, IOException {
        this(w, counts, redis, db, true);
    }

    /** {@code select}: whether to SELECT the workload's db (not on a shared connection, selected once for all). */
    CacheAsideClient(Workload w, ClientCounts counts, RedisCommands redis, Connection db, boolean select)
            throws SQLException, IOException {
        this.w = w;
        this.counts = counts;
        this.redis = redis;
        this.query = db.prepareStatement("SELECT body, pg_sleep(?) FROM " + w.table() + " WHERE id = ?");
        query.setDouble(1, w.rebuildMillis() / 1000.0);
        if (select && w.db() != 0) {
            redis.call("SELECT", String.valueOf(w.db()));
        }
    }

    /** Reads until {@code endNanos} (System.nanoTime) or until {@code stopped} says so. */
    public void run(long endNanos, BooleanSupplier stopped) throws Exception {
        try {
            while (System.nanoTime() < endNanos && !stopped.getAsBoolean()) {
                long t0 = System.nanoTime();
                if (w.shape() == Shape.MGET) {
                    fragments();
                } else {
                    readOne(w.keys().get(random.nextInt(w.keys().size())));
                }
                latencies.record(System.nanoTime() - t0);
                counts.read();
                if (refreshAfterRead != null) {
                    // Stale-while-revalidate: the reader had the stale value at once; the refresh
                    // (lock held) runs after it, as a background refresh would, off the read's latency.
                    String key = refreshAfterRead;
                    refreshAfterRead = null;
                    try {
                        rebuild(key);
                    } finally {
                        redis.call("DEL", Workload.lockKey(key));
                    }
                }
                if (w.pauseMillis() > 0) {
                    Thread.sleep(w.pauseMillis());
                }
            }
        } finally {
            counts.addLatencies(latencies);
        }
    }

    private Object get(String key) throws IOException {
        return w.shape() == Shape.HASH ? redis.call("HGETALL", key) : redis.call("GET", key);
    }

    private static boolean missing(Object value) {
        return value == null || (value instanceof List<?> l && l.isEmpty());
    }

    private void readOne(String key) throws Exception {
        Object value = get(key);
        if (!missing(value)) {
            if (value instanceof byte[] bytes) {
                refreshIfDue(key, bytes);
            }
            return;
        }
        counts.miss(key);
        if (w.mitigation() != Mitigation.LOCK) {
            rebuild(key);
            return;
        }
        long giveUp = System.currentTimeMillis() + LOCK_WAIT_MILLIS;
        while (true) {
            if (lock(key)) {
                // Holding the lock: another client may have refilled the key meanwhile.
                if (missing(get(key))) {
                    counts.miss(key);
                    rebuild(key);
                }
                redis.call("DEL", Workload.lockKey(key));
                return;
            }
            Thread.sleep(LOCK_POLL_MILLIS);
            if (!missing(get(key))) {
                return;
            }
            counts.miss(key);
            if (System.currentTimeMillis() > giveUp) {
                rebuild(key); // the lock holder died: do not wait for ever
                return;
            }
        }
    }

    /** XFetch's early refresh, or stale-while-revalidate's refresh of a stale value. */
    private void refreshIfDue(String key, byte[] bytes) throws Exception {
        Mitigation m = w.mitigation();
        if (m != Mitigation.XFETCH && m != Mitigation.STALE_WHILE_REVALIDATE) {
            return;
        }
        CachedValue v = CachedValue.decode(bytes);
        if (v == null) {
            return;
        }
        long now = System.currentTimeMillis();
        if (m == Mitigation.XFETCH) {
            double early = -v.rebuildMillis() * XFETCH_BETA * Math.log(1 - random.nextDouble());
            if (now + early >= v.staleAtMillis()) {
                rebuild(key);
            }
        } else if (now >= v.staleAtMillis()) {
            counts.staleServed();
            if (lock(key)) {
                refreshAfterRead = key;
            }
        }
    }

    private boolean lock(String key) throws IOException {
        String ttl = String.valueOf(Math.max(2_000, 20 * w.rebuildMillis()));
        return "OK".equals(redis.call("SET", Workload.lockKey(key), token, "NX", "PX", ttl));
    }

    /** One page view: MGET every fragment, rebuild the missing ones. */
    private void fragments() throws Exception {
        String[] command = new String[w.keys().size() + 1];
        command[0] = "MGET";
        for (int i = 0; i < w.keys().size(); i++) {
            command[i + 1] = w.keys().get(i);
        }
        List<?> values = (List<?>) redis.call(command);
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                String key = w.keys().get(i);
                counts.miss(key);
                rebuild(key);
            }
        }
    }

    /** The backend query, then the write back. */
    private void rebuild(String key) throws Exception {
        long start = System.currentTimeMillis();
        String body;
        query.setInt(2, w.rowOf(key));
        try (ResultSet rs = query.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("row " + w.rowOf(key) + " of " + w.table() + " is gone");
            }
            body = rs.getString(1);
        }
        counts.rebuild(key);
        List<byte[][]> write = new ArrayList<>(5);
        send(write, key, body, System.currentTimeMillis() - start);
        for (Object reply : redis.pipeline(write)) {
            if (reply instanceof RedisError e) {
                throw new IOException("writing " + key + " back: " + e.message());
            }
        }
    }

    /** Writes every key as a refill would, in one pipeline: the scenario's seed. */
    public void seed(List<String> keys, String body) throws IOException {
        List<byte[][]> writes = new ArrayList<>(keys.size() * (w.shape() == Shape.HASH ? 5 : 1));
        for (String key : keys) {
            send(writes, key, body, w.rebuildMillis());
        }
        for (Object reply : redis.pipeline(writes)) {
            if (reply instanceof RedisError e) {
                throw new IOException("seeding: " + e.message());
            }
        }
    }

    /** Adds the write of {@code key} to {@code out}: one command (five for a hash's MULTI … EXEC). */
    private void send(List<byte[][]> out, String key, String body, long rebuildMillis) {
        long ttl = storedTtl();
        long now = System.currentTimeMillis();
        switch (w.shape()) {
            case HASH -> {
                out.add(RedisCommands.bytes("MULTI"));
                out.add(RedisCommands.bytes("HSET", key, "body", body));
                out.add(RedisCommands.bytes("HSET", key, "version", "1"));
                out.add(RedisCommands.bytes("PEXPIRE", key, String.valueOf(ttl)));
                out.add(RedisCommands.bytes("EXEC"));
            }
            default -> {
                if (w.mitigation() == Mitigation.XFETCH) {
                    out.add(RedisCommands.bytes("SET", key, new CachedValue(now + ttl, rebuildMillis, body).encode(), "PX", String.valueOf(ttl)));
                } else if (w.mitigation() == Mitigation.STALE_WHILE_REVALIDATE) {
                    // The soft TTL is in the value; Redis keeps it as long again (simulate's default window).
                    out.add(RedisCommands.bytes("SET", key, new CachedValue(now + ttl, rebuildMillis, body).encode(), "PX",
                            String.valueOf(2 * ttl)));
                } else {
                    out.add(RedisCommands.bytes("SET", key, body, "PX", String.valueOf(ttl)));
                }
            }
        }
    }

    /** The TTL of one write: jittered under {@link Mitigation#JITTER}, at least 1 ms. */
    private long storedTtl() {
        if (w.mitigation() != Mitigation.JITTER) {
            return w.ttlMillis();
        }
        double factor = 1 + w.jitterSpread() * (2 * random.nextDouble() - 1);
        return Math.max(1, Math.round(w.ttlMillis() * factor));
    }
}
