package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stampededoctor.cli.servers.ClusterClient;
import dev.stampededoctor.cli.servers.ClusterNode;
import dev.stampededoctor.cli.servers.KeySlots;
import dev.stampededoctor.cli.servers.RedisClusterProcess;
import dev.stampededoctor.cli.servers.RedisSentinelProcess;
import dev.stampededoctor.cli.servers.RedisServerHandle;
import dev.stampededoctor.cli.servers.RespClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The cluster and sentinel harness itself (issue 15's proof that the deployments are real): a
 * 3+3 cluster formed without redis-cli, keys routed to their slot's owner, a live reshard under a
 * writer that loses nothing, a replica promotion; a sentinel that names the primary and fails
 * over. Every process is gone after each test.
 */
class ClusterHarnessIT {
    private static final int ROUTED_KEYS = 300;
    private static final int LOAD_KEYS = 2_000;
    private static final int MOVED_SLOTS = 100;

    @Test
    void clusterFormsRoutesReshardsUnderLoadAndFailsOver() throws Exception {
        long started = System.nanoTime();
        List<RedisServerHandle> servers;
        try (RedisClusterProcess cluster = RedisClusterProcess.start(3, 1)) {
            System.out.printf("cluster of 6 nodes (%s) formed in %d ms%n", cluster.version(), millisSince(started));
            servers = cluster.servers();
            checkFormed(cluster);
            checkKeySlotsMatchTheServer(cluster);
            Map<String, String> written = routeKeys(cluster);
            written.putAll(reshardUnderLoad(cluster, written.keySet()));
            checkEveryKeyReadable(cluster, written);
            ClusterNode replica = cluster.replicas().get(0);
            cluster.failover(replica);
            assertThat(cluster.primaries()).extracting(ClusterNode::id).contains(replica.id());
            checkEveryKeyReadable(cluster, written);
        }
        for (RedisServerHandle s : servers) {
            assertThatThrownBy(() -> RespClient.tcp(s.host(), s.port()).close()).as("node %d after close", s.port())
                    .isInstanceOf(IOException.class);
            assertThat(s.unixSocket().getParent()).doesNotExist();
        }
    }

    private static void checkFormed(RedisClusterProcess cluster) throws IOException {
        List<ClusterNode> nodes = cluster.nodes();
        assertThat(nodes).hasSize(6);
        assertThat(cluster.primaries()).hasSize(3).allSatisfy(p -> assertThat(p.slotCount()).isBetween(5461, 5462));
        assertThat(cluster.primaries().stream().mapToInt(ClusterNode::slotCount).sum()).isEqualTo(KeySlots.SLOTS);
        List<String> primaryIds = cluster.primaries().stream().map(ClusterNode::id).toList();
        assertThat(cluster.replicas()).hasSize(3).extracting(ClusterNode::primaryId)
                .containsExactlyInAnyOrderElementsOf(primaryIds);
        assertThat(nodes).allSatisfy(n -> assertThat(n.host()).isEqualTo("127.0.0.1"));
        assertThat(cluster.seedUrl()).matches("redis://127\\.0\\.0\\.1:\\d+");
        for (RedisServerHandle s : cluster.servers()) {
            try (RespClient c = s.connect()) {
                String info = c.callForText("CLUSTER", "INFO");
                assertThat(info).as("CLUSTER INFO of %d", s.port()).contains("cluster_state:ok\r\n",
                        "cluster_slots_assigned:16384\r\n", "cluster_known_nodes:6\r\n", "cluster_size:3\r\n");
            }
        }
    }

    private static void checkKeySlotsMatchTheServer(RedisClusterProcess cluster) throws IOException {
        try (RespClient c = cluster.servers().get(0).connect()) {
            for (String key : List.of("foo", "user:1", "{user1000}.following", "foo{}{bar}", "foo{{bar}}zap", "ключ", "")) {
                assertThat(c.call("CLUSTER", "KEYSLOT", key)).as("slot of %s", key).isEqualTo((long) KeySlots.slot(key));
            }
        }
    }

    /** Keys written through the routing client land on their slot's owner, counted by DBSIZE. */
    private static Map<String, String> routeKeys(RedisClusterProcess cluster) throws IOException {
        Map<String, String> written = new HashMap<>();
        Map<Integer, Long> expected = new HashMap<>();
        List<ClusterNode> primaries = cluster.primaries();
        try (ClusterClient client = cluster.client()) {
            for (int i = 0; i < ROUTED_KEYS; i++) {
                String key = "route:" + i;
                assertThat(client.call("SET", key, "v" + i)).isEqualTo("OK");
                written.put(key, "v" + i);
                int slot = KeySlots.slot(key);
                ClusterNode owner = primaries.stream().filter(p -> p.owns(slot)).findFirst().orElseThrow();
                expected.merge(owner.port(), 1L, Long::sum);
            }
            assertThat(client.movedRedirects()).as("a fresh slot table needs no MOVED").isZero();
        }
        for (ClusterNode p : primaries) {
            try (RespClient c = RespClient.tcp(p.host(), p.port())) {
                assertThat(c.call("DBSIZE")).as("DBSIZE of %d", p.port()).isEqualTo(expected.getOrDefault(p.port(), 0L));
            }
        }
        return written;
    }

    /**
     * 2,000 keys, all in the 100 slots being moved, written while they move; the writer keeps
     * overwriting them until the reshard ends, so the two surely overlap. None may be lost.
     */
    private static Map<String, String> reshardUnderLoad(RedisClusterProcess cluster, Set<String> routed)
            throws Exception {
        ClusterNode from = cluster.primaries().get(0);
        ClusterNode to = cluster.primaries().get(1);
        int first = from.slots().get(0).first();
        List<String> keys = keysInSlots(first, first + MOVED_SLOTS - 1, LOAD_KEYS);
        Map<String, String> last = new HashMap<>();
        CountDownLatch writing = new CountDownLatch(1);
        AtomicBoolean resharded = new AtomicBoolean();
        long[] redirects = new long[2];
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (ClusterClient client = cluster.client()) {
                for (int pass = 0; pass == 0 || !resharded.get(); pass++) {
                    for (int i = 0; i < keys.size(); i++) {
                        String value = "p" + pass + ":" + i;
                        Object reply = client.call("SET", keys.get(i), value);
                        if (!"OK".equals(reply)) {
                            throw new AssertionError("SET " + keys.get(i) + " answered " + RespClient.describe(reply));
                        }
                        last.put(keys.get(i), value);
                        if (i == 200) {
                            writing.countDown();
                        }
                    }
                }
                redirects[0] = client.movedRedirects();
                redirects[1] = client.askRedirects();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        ClusterClient staleReader = cluster.client(); // slot table from before the reshard
        long started = System.nanoTime();
        CompletableFuture<List<Integer>> reshard = CompletableFuture.supplyAsync(() -> {
            try {
                assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
                return cluster.reshard(from, to, MOVED_SLOTS);
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            } finally {
                resharded.set(true);
            }
        });
        List<Integer> moved = reshard.get(30, TimeUnit.SECONDS);
        System.out.printf("resharded %d slots in %d ms%n", moved.size(), millisSince(started));
        writer.get(30, TimeUnit.SECONDS);
        System.out.printf("writer followed %d MOVED and %d ASK redirects%n", redirects[0], redirects[1]);
        ClusterNode target = cluster.nodes().stream().filter(n -> n.id().equals(to.id())).findFirst().orElseThrow();
        assertThat(moved).hasSize(MOVED_SLOTS).allSatisfy(s -> assertThat(target.owns(s)).isTrue());
        try (RespClient c = RespClient.tcp(to.host(), to.port())) {
            long inMoved = 0;
            for (int s : moved) {
                inMoved += (Long) c.call("CLUSTER", "COUNTKEYSINSLOT", Integer.toString(s));
            }
            long routedThere = routed.stream().filter(k -> moved.contains(KeySlots.slot(k))).count();
            assertThat(inMoved).as("keys in the moved slots, on the target").isEqualTo(LOAD_KEYS + routedThere);
        }
        try (staleReader) {
            for (String key : keys) {
                assertThat(staleReader.call("GET", key)).isNotNull();
            }
            assertThat(staleReader.movedRedirects()).as("MOVED followed by a client with a stale table").isPositive();
        }
        return last;
    }

    private static void checkEveryKeyReadable(RedisClusterProcess cluster, Map<String, String> written) throws IOException {
        long total = 0;
        for (ClusterNode p : cluster.primaries()) {
            try (RespClient c = RespClient.tcp(p.host(), p.port())) {
                total += (Long) c.call("DBSIZE");
            }
        }
        assertThat(total).as("keys on all primaries").isEqualTo(written.size());
        try (ClusterClient client = cluster.client()) {
            for (Map.Entry<String, String> e : written.entrySet()) {
                Object value = client.call("GET", e.getKey());
                assertThat(value).as("GET %s", e.getKey()).isInstanceOf(byte[].class);
                assertThat(new String((byte[]) value, StandardCharsets.UTF_8)).isEqualTo(e.getValue());
            }
        }
    }

    @Test
    void sentinelNamesThePrimaryAndFailsOver() throws Exception {
        long started = System.nanoTime();
        List<RedisServerHandle> servers;
        try (RedisSentinelProcess sentinel = RedisSentinelProcess.start()) {
            System.out.printf("sentinel setup started in %d ms%n", millisSince(started));
            servers = List.of(sentinel.primary(), sentinel.replica(), sentinel.sentinel());
            assertThat(sentinel.url()).isEqualTo("redis-sentinel://127.0.0.1:" + sentinel.sentinel().port() + "/stampede");
            assertThat(sentinel.masterPort()).isEqualTo(sentinel.primary().port());
            try (RespClient c = sentinel.primary().connect()) {
                assertThat(c.callForText("INFO", "replication")).contains("role:master\r\n", "connected_slaves:1\r\n");
            }
            long failover = System.nanoTime();
            sentinel.failover();
            long failoverMs = millisSince(failover);
            System.out.printf("sentinel failover done in %d ms%n", failoverMs);
            assertThat(failoverMs).isLessThan(20_000);
            assertThat(sentinel.master()).isSameAs(sentinel.replica());
            try (RespClient c = sentinel.replica().connect()) {
                assertThat(c.callForText("INFO", "replication")).contains("role:master\r\n");
            }
            try (RespClient c = sentinel.primary().connect()) {
                assertThat(c.callForText("INFO", "replication")).contains("role:slave\r\n",
                        "master_port:" + sentinel.replica().port() + "\r\n");
            }
        }
        for (RedisServerHandle s : servers) {
            assertThatThrownBy(() -> RespClient.tcp(s.host(), s.port()).close()).isInstanceOf(IOException.class);
        }
    }

    /** {@code count} keys whose slots lie in {@code first..last}: the load a chosen shard gets. */
    private static List<String> keysInSlots(int first, int last, int count) {
        List<String> keys = new ArrayList<>();
        for (int n = 0; keys.size() < count; n++) {
            String key = "load:" + n;
            int slot = KeySlots.slot(key);
            if (slot >= first && slot <= last) {
                keys.add(key);
            }
        }
        return keys;
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
