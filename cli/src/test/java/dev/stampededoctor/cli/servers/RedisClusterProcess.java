package dev.stampededoctor.cli.servers;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A real Redis Cluster on loopback for integration tests: N primaries with R replicas each, every
 * node a redis-server child process in its own temp dir (no persistence), formed with plain
 * CLUSTER commands (no redis-cli, which the jar's 6.2 binary does not come with). Each node is a
 * {@link StartedServer}, so a JVM that dies without {@link #close()} still stops them.
 *
 * <pre>{@code
 * try (RedisClusterProcess cluster = RedisClusterProcess.start(3, 1);
 *      ClusterClient client = cluster.client()) {
 *     client.call("SET", "user:1", "x");
 *     cluster.reshard(cluster.ownerOf("user:1"), other, 100);
 * }
 * }</pre>
 */
public final class RedisClusterProcess implements AutoCloseable {
    /** Short, so that a failover in a test happens within seconds; also the floor of the rejoin delay. */
    static final int NODE_TIMEOUT_MS = 2000;
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(20);

    private final RedisBinary binary;
    private final List<StartedServer<RedisServerHandle>> servers;

    private RedisClusterProcess(RedisBinary binary, List<StartedServer<RedisServerHandle>> servers) {
        this.binary = binary;
        this.servers = servers;
    }

    /** Starts {@code primaries} primaries and {@code replicasPerPrimary} replicas of each, and waits until the cluster is settled. */
    public static RedisClusterProcess start(int primaries, int replicasPerPrimary) throws IOException {
        RedisBinary binary = RedisBinary.find();
        int total = primaries * (1 + replicasPerPrimary);
        List<StartedServer<RedisServerHandle>> servers = new ArrayList<>();
        RedisClusterProcess cluster = new RedisClusterProcess(binary, servers);
        try {
            servers.addAll(startNodes(binary, total));
            List<RedisServerHandle> handles = cluster.servers();
            ClusterFormation.form(handles.subList(0, primaries), handles.subList(primaries, total), binary.atLeast7(),
                    SETTLE_TIMEOUT);
            return cluster;
        } catch (IOException | RuntimeException e) {
            IOException withLogs = new IOException(e.getMessage() + "\n" + cluster.logTails(), e);
            closeQuietly(cluster, withLogs);
            throw withLogs;
        }
    }

    /** Starts the nodes in parallel: each waits ~10 ms for its PONG, but spawning 6 one by one adds up. */
    private static List<StartedServer<RedisServerHandle>> startNodes(RedisBinary binary, int count) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        List<Future<StartedServer<RedisServerHandle>>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(pool.submit(() -> binary.start(new ClusterLaunch())));
        }
        pool.shutdown();
        List<StartedServer<RedisServerHandle>> started = new ArrayList<>();
        Exception failure = null;
        for (Future<StartedServer<RedisServerHandle>> f : futures) {
            try {
                started.add(f.get());
            } catch (ExecutionException e) {
                failure = failure == null ? (Exception) e.getCause() : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = e;
            }
        }
        if (failure != null) {
            for (StartedServer<RedisServerHandle> s : started) {
                s.close();
            }
            throw new IOException("a cluster node did not start: " + failure.getMessage(), failure);
        }
        return started;
    }

    /** The options that make a node a cluster node; everything else is {@link RedisProcess}'s standard line. */
    private static final class ClusterLaunch implements RedisProcess.Launch {
        @Override
        public int pickPort(boolean ipv6) throws IOException {
            return FreePorts.pickWithClusterBus(ipv6);
        }

        @Override
        public List<String> command(List<String> standard, int port, java.nio.file.Path dir) {
            standard.addAll(List.of(
                    "--cluster-enabled", "yes",
                    "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", Integer.toString(NODE_TIMEOUT_MS),
                    // Announce loopback explicitly: a node otherwise learns its address from the first MEET.
                    "--cluster-announce-ip", "127.0.0.1",
                    // Replicas sync at once (7.0 waits 5 s by default before a diskless sync).
                    "--repl-diskless-sync", "yes",
                    "--repl-diskless-sync-delay", "0"));
            return standard;
        }
    }

    /** Every node as started (primaries first); roles may have changed since (see {@link #nodes()}). */
    public List<RedisServerHandle> servers() {
        return servers.stream().map(StartedServer::handle).toList();
    }

    /** The cluster as the first node that answers sees it now (a test may have stopped some). */
    public List<ClusterNode> nodes() throws IOException {
        IOException last = null;
        for (StartedServer<RedisServerHandle> s : servers) {
            try {
                return ClusterChecks.view(s.handle());
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IOException("no cluster node answers CLUSTER NODES", last);
    }

    public List<ClusterNode> primaries() throws IOException {
        return nodes().stream().filter(ClusterNode::primary).toList();
    }

    public List<ClusterNode> replicas() throws IOException {
        return nodes().stream().filter(n -> !n.primary()).toList();
    }

    /** {@code redis://127.0.0.1:PORT} of the first node: what a cluster-aware client starts from. */
    public String seedUrl() {
        RedisServerHandle first = servers.get(0).handle();
        return "redis://" + first.host() + ":" + first.port();
    }

    /** The primary serving {@code key}'s slot now. */
    public ClusterNode ownerOf(String key) throws IOException {
        int slot = KeySlots.slot(key);
        return primaries().stream().filter(n -> n.owns(slot)).findFirst()
                .orElseThrow(() -> new IOException("no primary owns slot " + slot));
    }

    /** The first key of {@code prefix} + a number that {@code node} serves now. */
    public String keyOn(ClusterNode node, String prefix) throws IOException {
        for (int i = 0; i < 100_000; i++) {
            String key = prefix + i;
            if (ownerOf(key).id().equals(node.id())) {
                return key;
            }
        }
        throw new IOException("no key of " + prefix + " on " + node.host() + ":" + node.port());
    }

    /** A new routing client starting from the first node; the caller closes it (one per thread). */
    public ClusterClient client() throws IOException {
        RedisServerHandle first = servers.get(0).handle();
        return ClusterClient.connect(first.host(), first.port());
    }

    /** The server version, e.g. 7.0.15 or 6.2.11. */
    public String version() {
        return binary.version();
    }

    /**
     * Moves the lowest {@code slotCount} slots of {@code from} to {@code to}, keys included, while
     * clients keep running; returns when every node agrees. Safe to call from a background thread
     * (it opens its own connections).
     *
     * @return the slots moved
     */
    public List<Integer> reshard(ClusterNode from, ClusterNode to, int slotCount) throws IOException {
        return ClusterResharding.move(servers(), from, to, slotCount, SETTLE_TIMEOUT);
    }

    /** Promotes {@code replica} with CLUSTER FAILOVER (its master agrees); returns when every node agrees. */
    public void failover(ClusterNode replica) throws IOException {
        ClusterResharding.failover(servers(), replica, SETTLE_TIMEOUT);
    }

    /** The end of every node's log, for failure messages. */
    public String logTails() {
        StringBuilder out = new StringBuilder();
        for (StartedServer<RedisServerHandle> s : servers) {
            out.append(Waits.logTail(s.handle())).append('\n');
        }
        return out.toString();
    }

    /** Stops every node (in parallel: each takes a moment to shut down) and deletes their dirs. */
    @Override
    public void close() throws IOException {
        IOException first = null;
        List<Thread> stoppers = new ArrayList<>();
        List<IOException> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (StartedServer<RedisServerHandle> s : servers) {
            Thread t = new Thread(() -> {
                try {
                    s.close();
                } catch (IOException e) {
                    failures.add(e);
                }
            }, "stop cluster node");
            t.start();
            stoppers.add(t);
        }
        for (Thread t : stoppers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        binary.close();
        for (IOException e : failures) {
            if (first == null) {
                first = e;
            } else {
                first.addSuppressed(e);
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static void closeQuietly(AutoCloseable c, Exception into) {
        try {
            c.close();
        } catch (Exception e) {
            into.addSuppressed(e);
        }
    }
}
