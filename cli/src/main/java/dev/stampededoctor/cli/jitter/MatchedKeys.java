package dev.stampededoctor.cli.jitter;

import dev.stampededoctor.cli.redis.KeyspaceScanner;
import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.cluster.Deployment;
import dev.stampededoctor.cli.redis.cluster.DeploymentResolver;
import dev.stampededoctor.detectors.ttl.JitterPlan;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The keys a jitter would touch: those matching the glob that have a TTL (and fall in the
 * sample), each with its PTTL and when it was read (monotonic clock). Keys without a TTL are only
 * counted: jitter never gives a persistent key a TTL.
 */
public final class MatchedKeys {
    private final List<byte[]> keys = new ArrayList<>();
    private long[] ttls = new long[1024];
    private long[] readAtNanos = new long[1024];
    long matched;
    long withoutTtl;
    private boolean truncated;
    private List<JitterPlan.NodeKeys> nodes;

    /** Nodes scanned at once at most: a hundred-shard cluster does not get a hundred threads. */
    static final int MAX_PARALLEL = 16;

    /**
     * Scans {@code match}, keeping keys with a TTL of at least {@code minTtlMillis} with
     * probability {@code sample} (1 keeps all).
     */
    public static MatchedKeys scan(RedisConnection c, String match, long maxKeys, long rate, double sample,
            long minTtlMillis, SplittableRandom random) throws IOException {
        return scan(c, match, maxKeys, rate, sample, minTtlMillis, random, false);
    }

    /**
     * {@link #scan}, on a cluster node with {@code asking}: the keys it holds of a slot it is
     * importing are read too (they are its to change, after ASKING, until the slot is its own).
     */
    static MatchedKeys scan(RedisConnection c, String match, long maxKeys, long rate, double sample,
            long minTtlMillis, SplittableRandom random, boolean asking) throws IOException {
        MatchedKeys m = new MatchedKeys();
        KeyspaceScanner scanner = new KeyspaceScanner(c, new KeyspaceScanner.Options(
                match.getBytes(StandardCharsets.UTF_8), 1000, maxKeys, rate, false, false, asking));
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

    /**
     * {@link #scan} on every member of a cluster deployment at once (at most
     * {@value #MAX_PARALLEL} together), each with its own connection, its share of
     * {@code maxKeys}, {@code rate} of its own and a sample drawn from its own split of
     * {@code random} (made in member order: the same seed samples the same keys). The keys are
     * then interleaved, one node's after another's, so that the batches written spread over the
     * nodes; a key seen on two nodes (its slot moved during the scan) is kept once. The first node
     * lost ends the scan with an error that names it.
     */
    public static MatchedKeys scanAll(DeploymentResolver resolver, Deployment deployment, String match, long maxKeys,
            long rate, double sample, long minTtlMillis, SplittableRandom random) throws IOException {
        List<Deployment.Member> members = deployment.members();
        long perNode = (maxKeys + members.size() - 1) / members.size();
        List<SplittableRandom> randoms = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            randoms.add(random.split());
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(MAX_PARALLEL, members.size()), r -> {
            Thread t = new Thread(r, "jitter-scan-node");
            t.setDaemon(true);
            return t;
        });
        List<MatchedKeys> parts = new ArrayList<>();
        try {
            List<Future<MatchedKeys>> futures = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                Deployment.Member member = members.get(i);
                SplittableRandom own = randoms.get(i);
                futures.add(pool.submit(() -> {
                    try (RedisConnection c = resolver.connect(member)) {
                        return scan(c, match, perNode, rate, sample, minTtlMillis, own, true);
                    } catch (IOException e) {
                        throw new IOException("cluster node " + member.name() + ": " + e.getMessage(), e);
                    }
                }));
            }
            for (Future<MatchedKeys> f : futures) {
                try {
                    parts.add(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted during the scan");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return interleave(parts, deployment.names());
    }

    /** {@code parts} (one per node, named {@code names}) as one: interleaved, each key once. */
    static MatchedKeys interleave(List<MatchedKeys> parts, List<String> names) {
        MatchedKeys all = new MatchedKeys();
        Set<ByteBuffer> seen = new HashSet<>();
        long[] kept = new long[parts.size()];
        long[] dropped = new long[parts.size()];
        int longest = parts.stream().mapToInt(MatchedKeys::size).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            for (int p = 0; p < parts.size(); p++) {
                MatchedKeys part = parts.get(p);
                if (i >= part.size()) {
                    continue;
                }
                if (!seen.add(ByteBuffer.wrap(part.key(i)))) {
                    dropped[p]++;
                    continue;
                }
                all.add(part.key(i), part.ttls[i], part.readAtNanos[i]);
                kept[p]++;
            }
        }
        List<JitterPlan.NodeKeys> nodes = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            MatchedKeys part = parts.get(p);
            all.matched += part.matched - dropped[p];
            all.withoutTtl += part.withoutTtl;
            all.truncated |= part.truncated;
            nodes.add(new JitterPlan.NodeKeys(names.get(p), part.matched - dropped[p], part.withoutTtl, kept[p],
                    part.truncated));
        }
        all.nodes = List.copyOf(nodes);
        return all;
    }

    /** Each node's share, in member order, for a cluster ({@link #scanAll}); null for one server. */
    public List<JitterPlan.NodeKeys> nodes() {
        return nodes;
    }

    void add(byte[] key, long ttl, long readAt) {
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
