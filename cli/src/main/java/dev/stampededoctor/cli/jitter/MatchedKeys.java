package dev.stampededoctor.cli.jitter;

import dev.stampededoctor.cli.redis.KeyspaceScanner;
import dev.stampededoctor.cli.redis.RedisConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The keys a jitter would touch: those matching the glob that have a TTL (and fall in the
 * sample), each with its PTTL and when it was read (monotonic clock). Keys without a TTL are only
 * counted: jitter never gives a persistent key a TTL.
 */
public final class MatchedKeys {
    private final List<byte[]> keys = new ArrayList<>();
    private long[] ttls = new long[1024];
    private long[] readAtNanos = new long[1024];
    private long matched;
    private long withoutTtl;
    private boolean truncated;

    /**
     * Scans {@code match}, keeping keys with a TTL of at least {@code minTtlMillis} with
     * probability {@code sample} (1 keeps all).
     */
    public static MatchedKeys scan(RedisConnection c, String match, long maxKeys, long rate, double sample,
            long minTtlMillis, SplittableRandom random) throws IOException {
        MatchedKeys m = new MatchedKeys();
        KeyspaceScanner scanner = new KeyspaceScanner(c, new KeyspaceScanner.Options(
                match.getBytes(StandardCharsets.UTF_8), 1000, maxKeys, rate, false, false));
        KeyspaceScanner.Result result = scanner.scan((key, pttl, type, memory, readAtMillis) -> {
            if (pttl == -2) {
                return;
            }
            m.matched++;
            if (pttl == -1) {
                m.withoutTtl++;
            } else if (pttl >= minTtlMillis && (sample >= 1 || random.nextDouble() < sample)) {
                m.add(key, pttl, System.nanoTime());
            }
        });
        m.truncated = result.truncated();
        return m;
    }

    private void add(byte[] key, long ttl, long readAt) {
        int i = keys.size();
        if (i == ttls.length) {
            ttls = Arrays.copyOf(ttls, i * 2);
            readAtNanos = Arrays.copyOf(readAtNanos, i * 2);
        }
        keys.add(key);
        ttls[i] = ttl;
        readAtNanos[i] = readAt;
    }

    public int size() {
        return keys.size();
    }

    public byte[] key(int i) {
        return keys.get(i);
    }

    /** The key's remaining TTL at {@code nowNanos}, by its PTTL and the time since it was read. */
    public long ttlAt(int i, long nowNanos) {
        return ttls[i] - (nowNanos - readAtNanos[i]) / 1_000_000;
    }

    /** Remaining TTLs as read. */
    public long[] ttls() {
        return Arrays.copyOf(ttls, keys.size());
    }

    public long matched() {
        return matched;
    }

    public long withoutTtl() {
        return withoutTtl;
    }

    public boolean truncated() {
        return truncated;
    }
}
