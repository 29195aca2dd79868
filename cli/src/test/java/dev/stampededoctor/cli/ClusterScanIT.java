package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.cli.servers.ClusterNode;
import dev.stampededoctor.cli.servers.RedisClusterProcess;
import dev.stampededoctor.cli.servers.RespClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scan} of a whole Redis Cluster from one node's URL, on a real 3-primary cluster: one
 * MONITOR per primary, merged in time order. Cache-aside clients stampede a key on one shard
 * (after a DEL) and herd on a key of another (its TTL runs out): both found, each with the node
 * that owns it, misses as the clients counted them; every node saved, every notification setting
 * put back; a node killed mid-scan gives a partial report naming it, exit 3.
 */
class ClusterScanIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 6;

    @TempDir
    Path dir;

    @Test
    void finds_a_stampede_on_one_shard_and_a_herd_on_another_each_with_its_node() throws Exception {
        try (RedisClusterProcess cluster = RedisClusterProcess.start(3, 0)) {
            List<ClusterNode> primaries = cluster.primaries();
            String prefix = "cs" + KeyspaceFixtures.letters();
            ClusterNode stampedeNode = primaries.get(0);
            String stampedeKey = cluster.keyOn(stampedeNode, prefix + ":page:");
            ClusterNode herdNode = primaries.get(1);
            String herdKey = cluster.keyOn(herdNode, prefix + ":feed:");
            for (ClusterNode n : primaries) {
                try (RespClient c = RespClient.tcp(n.host(), n.port())) {
                    c.call("CONFIG", "SET", "notify-keyspace-events", "lK");
                }
            }
            Path save = dir.resolve("saved");
            AtomicLong stampedeMisses = new AtomicLong();
            AtomicLong herdMisses = new AtomicLong();
            CliRun run = stampedeAndHerd(stampedeNode, stampedeKey, stampedeMisses, herdNode, herdKey, herdMisses,
                    1_200, "scan", "--redis", cluster.seedUrl(), "--duration", "4s", "--notifications", "-f", "json",
                    "--save", save.toString()); // 1.2 s: every MONITOR attached
            assertThat(run).isNotNull();
            assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.FOUND);
            assertThat(run.err()).contains("reading MONITOR of 3 nodes");
            JsonNode report = JSON.readTree(run.out());
            assertThat(stampedeMisses.get()).as("the clients stampeded").isGreaterThanOrEqualTo(3);
            assertThat(herdMisses.get()).as("the clients herded").isGreaterThanOrEqualTo(3);

            JsonNode stampede = ReportEvents.on(report, stampedeKey, false);
            assertThat(stampede.path("kind").asText()).isEqualTo("invalidation-stampede");
            assertThat(stampede.path("node").asText()).isEqualTo(address(stampedeNode));
            assertThat(stampede.path("misses").asLong()).isEqualTo(stampedeMisses.get());
            JsonNode herd = ReportEvents.on(report, herdKey, false);
            assertThat(herd.path("kind").asText()).isEqualTo("ttl-herd");
            assertThat(herd.path("node").asText()).isEqualTo(address(herdNode));
            assertThat(herd.path("misses").asLong()).isEqualTo(herdMisses.get());

            JsonNode live = report.path("live");
            assertThat(live.path("stoppedBy").asText()).isEqualTo("duration");
            assertThat(live.path("nodes")).hasSize(3);
            assertThat(live.path("notes").toString()).contains("merged by their own timestamps", "clocks differ by");
            assertThat(live.path("notifications").path("events").path("del").asLong())
                    .as("the DEL's notification, from its node").isEqualTo(1);
            long bytes = 0;
            for (JsonNode n : live.path("nodes")) {
                assertThat(n.path("peakClientOutputBytes").asLong()).isLessThan(1L << 20);
                bytes += n.path("monitorBytes").asLong();
            }
            assertThat(live.path("monitorBytes").asLong()).isEqualTo(bytes);
            assertThat(report.path("target").path("redis")).hasSize(3);
            for (ClusterNode n : primaries) {
                Path file = save.resolve("monitor-" + n.host() + "_" + n.port() + ".log");
                assertThat(file).exists();
                try (RespClient c = RespClient.tcp(n.host(), n.port())) {
                    List<?> setting = (List<?>) c.call("CONFIG", "GET", "notify-keyspace-events");
                    assertThat(new String((byte[]) setting.get(1), java.nio.charset.StandardCharsets.UTF_8))
                            .as("notifications put back on %s", address(n)).isEqualTo("lK");
                }
            }
            try (Stream<Path> files = Files.list(save)) {
                assertThat(files.count()).isEqualTo(3);
            }
        }
    }

    /**
     * With tcpdump, one capture holds every node's traffic: each event still names the node that
     * served its key, as with one MONITOR per node, and the misses are the clients' own count.
     */
    @Test
    void with_tcpdump_each_event_names_the_node_that_served_its_key() throws Exception {
        try (RedisClusterProcess cluster = RedisClusterProcess.start(3, 0)) {
            List<ClusterNode> primaries = cluster.primaries();
            String prefix = "ct" + KeyspaceFixtures.letters();
            ClusterNode stampedeNode = primaries.get(1);
            String stampedeKey = cluster.keyOn(stampedeNode, prefix + ":page:");
            ClusterNode herdNode = primaries.get(2);
            String herdKey = cluster.keyOn(herdNode, prefix + ":feed:");
            AtomicLong stampedeMisses = new AtomicLong();
            AtomicLong herdMisses = new AtomicLong();
            CliRun run = stampedeAndHerd(stampedeNode, stampedeKey, stampedeMisses, herdNode, herdKey, herdMisses,
                    1_500, "scan", "--redis", cluster.seedUrl(), "--source", "tcpdump", "--interface", "lo",
                    "--duration", "5s", "-f", "json"); // 1.5 s: tcpdump listens
            assertThat(run).isNotNull();
            assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.FOUND);
            JsonNode report = JSON.readTree(run.out());
            assertThat(stampedeMisses.get()).as("the clients stampeded").isGreaterThanOrEqualTo(3);
            assertThat(herdMisses.get()).as("the clients herded").isGreaterThanOrEqualTo(3);

            JsonNode stampede = ReportEvents.on(report, stampedeKey, false);
            assertThat(stampede.path("kind").asText()).isEqualTo("invalidation-stampede");
            assertThat(stampede.path("node").asText()).as("%s", stampede).isEqualTo(address(stampedeNode));
            assertThat(stampede.path("misses").asLong()).isEqualTo(stampedeMisses.get());
            JsonNode herd = ReportEvents.on(report, herdKey, false);
            assertThat(herd.path("kind").asText()).isEqualTo("ttl-herd");
            assertThat(herd.path("node").asText()).as("%s", herd).isEqualTo(address(herdNode));
            assertThat(herd.path("misses").asLong()).isEqualTo(herdMisses.get());
            assertThat(report.at("/input/files/0/packets/gaps").asLong()).isZero();
        }
    }

    /**
     * A capture recorded beside the nodes, analysed later with their ports: each event names the
     * server its connections talked to.
     */
    @Test
    void analyze_of_one_capture_of_several_nodes_names_each_events_server() throws Exception {
        try (RedisClusterProcess cluster = RedisClusterProcess.start(3, 0)) {
            List<ClusterNode> primaries = cluster.primaries();
            String prefix = "ca" + KeyspaceFixtures.letters();
            ClusterNode stampedeNode = primaries.get(2);
            String stampedeKey = cluster.keyOn(stampedeNode, prefix + ":page:");
            ClusterNode herdNode = primaries.get(0);
            String herdKey = cluster.keyOn(herdNode, prefix + ":feed:");
            Path pcap = dir.resolve("nodes.pcap");
            AtomicLong stampedeMisses = new AtomicLong();
            AtomicLong herdMisses = new AtomicLong();
            List<String> ports = primaries.stream().map(n -> String.valueOf(n.port())).toList();
            try (Tcpdump tcpdump = Tcpdump.start(pcap, "tcp", "port", ports.get(0), "or", "tcp", "port", ports.get(1),
                    "or", "tcp", "port", ports.get(2))) {
                stampedeAndHerd(stampedeNode, stampedeKey, stampedeMisses, herdNode, herdKey, herdMisses, 200);
                Thread.sleep(300); // the last packets written
            }
            CliRun run = CliRun.of("analyze", "--redis-port", String.join(",", ports), "-f", "json", pcap.toString());
            assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.FOUND);
            JsonNode report = JSON.readTree(run.out());
            JsonNode stampede = ReportEvents.on(report, stampedeKey, false);
            assertThat(stampede.path("node").asText()).as("%s", stampede).isEqualTo(address(stampedeNode));
            assertThat(stampede.path("misses").asLong()).isEqualTo(stampedeMisses.get());
            JsonNode herd = ReportEvents.on(report, herdKey, false);
            assertThat(herd.path("node").asText()).as("%s", herd).isEqualTo(address(herdNode));
            assertThat(herd.path("misses").asLong()).isEqualTo(herdMisses.get());
            // One port: one server as far as the reader knows, and no node named, as before.
            CliRun one = CliRun.of("analyze", "--redis-port", String.valueOf(stampedeNode.port()), "-f", "json",
                    pcap.toString());
            assertThat(ReportEvents.on(JSON.readTree(one.out()), stampedeKey, false).path("node").isMissingNode()).isTrue();
        }
    }

    @Test
    void a_node_lost_mid_scan_gives_a_partial_report_that_names_it() throws Exception {
        try (RedisClusterProcess cluster = RedisClusterProcess.start(3, 0)) {
            ClusterNode victim = cluster.primaries().get(2);
            AtomicReference<CliRun> scan = new AtomicReference<>();
            Thread scanner = new Thread(() -> scan.set(CliRun.of("scan", "--redis", cluster.seedUrl(), "--duration", "6s",
                    "-f", "json")), "scan");
            scanner.start();
            Thread.sleep(1_500);
            try (RespClient c = RespClient.tcp(victim.host(), victim.port())) {
                int killed = 0;
                for (String line : c.callForText("CLIENT", "LIST").split("\n")) {
                    if (line.contains(" flags=O ")) { // MONITOR's client
                        c.call("CLIENT", "KILL", "ID", line.substring(3, line.indexOf(' ')));
                        killed++;
                    }
                }
                assertThat(killed).as("the scan's MONITOR on the node").isEqualTo(1);
            }
            scanner.join(20_000);
            CliRun run = scan.get();
            assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.CONNECTION);
            assertThat(run.err()).contains("node " + address(victim), "partial");
            JsonNode live = JSON.readTree(run.out()).path("live");
            assertThat(live.path("stoppedBy").asText()).isEqualTo("connection-lost");
            assertThat(live.path("complete").asBoolean()).isFalse();
            assertThat(live.path("notes").toString()).contains(address(victim));
            for (JsonNode n : live.path("nodes")) {
                assertThat(n.path("stoppedBy").asText()).isEqualTo(n.path("node").asText().equals(address(victim))
                        ? "connection-lost" : "other-node");
            }
            assertThat(live.path("durationMs").asLong()).as("ended when the node went, not at 6 s").isLessThan(5_000);
        }
    }

    /**
     * The throughput bound: redis-benchmark --cluster saturating every primary (on this 2-core
     * machine it, the three servers and the scan share the cores) while the scan reads all three
     * MONITORs; no node's output buffer for us reaches 1 MB. Figures go to stdout for the record.
     */
    @Test
    void keeps_every_monitor_buffer_under_1_mb_while_redis_benchmark_saturates_the_cluster() throws Exception {
        try (RedisClusterProcess cluster = RedisClusterProcess.start(3, 0)) {
            ClusterNode seed = cluster.primaries().get(0);
            AtomicReference<CliRun> scan = new AtomicReference<>();
            Thread scanner = new Thread(() -> scan.set(CliRun.of("scan", "--redis", cluster.seedUrl(), "--duration", "8s",
                    "-f", "json")), "scan");
            scanner.start();
            Thread.sleep(1_500);
            Process bench;
            try {
                bench = new ProcessBuilder("redis-benchmark", "--cluster", "-h", seed.host(), "-p",
                        String.valueOf(seed.port()), "-n", "5000000", "-c", "50", "-r", "500000", "-t", "get,set", "-q")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            } catch (java.io.IOException e) {
                throw new AssertionError("redis-benchmark is needed (apt-get install redis-tools): " + e.getMessage(), e);
            }
            try {
                scanner.join(30_000);
            } finally {
                bench.destroyForcibly();
                bench.waitFor();
            }
            CliRun run = scan.get();
            assertThat(run.exitCode()).as("%s", run).isIn(ExitCode.OK, ExitCode.FOUND);
            JsonNode report = JSON.readTree(run.out());
            JsonNode live = report.path("live");
            assertThat(live.path("stoppedBy").asText()).isEqualTo("duration");
            long lines = report.path("input").path("lines").asLong();
            System.out.printf("cluster scan under redis-benchmark: %,d lines in %,d ms (%,.0f lines/s)%n", lines,
                    live.path("durationMs").asLong(), lines * 1000.0 / live.path("durationMs").asLong());
            for (JsonNode n : live.path("nodes")) {
                System.out.printf("  %s: %,d MONITOR bytes, %,d commands, peak output buffer %,d bytes%n",
                        n.path("node").asText(), n.path("monitorBytes").asLong(),
                        n.path("info").path("commandsProcessed").asLong(), n.path("peakClientOutputBytes").asLong());
                assertThat(n.path("peakClientOutputBytes").asLong()).as("%s", n).isLessThan(1L << 20);
                assertThat(n.path("info").path("commandsProcessed").asLong()).as("saturated: %s", n)
                        .isGreaterThan(50_000);
            }
            assertThat(lines).isGreaterThan(150_000);
        }
    }

    /**
     * On a cluster's replicas a key's expiry arrives as a DEL over the master's link: scan
     * --nodes replicas finds each replica's link and calls the herd a herd, on the replica's node.
     */
    @Test
    void on_the_replicas_an_expiry_from_the_masters_link_is_a_herd_on_the_replica() throws Exception {
        try (RedisClusterProcess cluster = RedisClusterProcess.start(3, 1)) {
            ClusterNode primary = cluster.primaries().get(0);
            ClusterNode replica = cluster.replicas().stream().filter(r -> r.primaryId().equals(primary.id()))
                    .findFirst().orElseThrow();
            String key = cluster.keyOn(primary, "cr" + KeyspaceFixtures.letters() + ":feed:");
            for (ClusterNode r : cluster.replicas()) {
                waitUntilReplicaAnswers(r);
            }
            for (ClusterNode n : cluster.nodes()) {
                waitUntilAllOnline(n); // each node's own gossip view: the scan may ask any of them
            }
            AtomicReference<CliRun> scan = new AtomicReference<>();
            Thread scanner = new Thread(() -> scan.set(CliRun.of("scan", "--redis", cluster.seedUrl(), "--nodes",
                    "replicas", "--duration", "4s", "-f", "json")), "scan");
            scanner.start();
            Thread.sleep(1_200);
            try (RespClient c = RespClient.tcp(primary.host(), primary.port())) {
                c.call("SET", key, "v", "PX", "900");
            }
            AtomicLong misses = new AtomicLong();
            long end = System.currentTimeMillis() + 1_800;
            List<Thread> readers = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                readers.add(new Thread(() -> {
                    try (RespClient reads = RespClient.tcp(replica.host(), replica.port());
                         RespClient writes = RespClient.tcp(primary.host(), primary.port())) {
                        reads.call("READONLY");
                        CacheAsideReader.run(reads, writes, List.of(key), end, misses);
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                }, "replica-reader"));
            }
            readers.forEach(Thread::start);
            for (Thread t : readers) {
                t.join();
            }
            scanner.join(20_000);
            CliRun run = scan.get();
            assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.FOUND);
            JsonNode report = JSON.readTree(run.out());
            java.util.Set<String> scanned = new java.util.TreeSet<>();
            for (JsonNode n : report.path("live").path("nodes")) {
                assertThat(n.path("role").asText()).isEqualTo("slave");
                scanned.add(n.path("node").asText());
            }
            assertThat(scanned).as("%s", run.err()).contains(address(replica)).hasSizeGreaterThanOrEqualTo(2);
            assertThat(misses.get()).as("the readers herded").isGreaterThanOrEqualTo(3);
            JsonNode herd = ReportEvents.on(report, key, false);
            assertThat(herd.path("kind").asText()).as("an expiry over the master's link").isEqualTo("ttl-herd");
            assertThat(herd.path("node").asText()).isEqualTo(address(replica));
            assertThat(herd.path("misses").asLong()).isEqualTo(misses.get());
        }
    }

    /**
     * Redis 7.0 shows a replica as "loading" in the other nodes' CLUSTER SHARDS until gossip
     * carries its replication offset, and the tool rightly leaves such a node out: wait it out.
     */
    private static void waitUntilAllOnline(ClusterNode seed) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        try (RespClient c = RespClient.tcp(seed.host(), seed.port())) {
            while (true) {
                Object shards;
                try {
                    shards = c.call("CLUSTER", "SHARDS");
                } catch (java.io.IOException e) {
                    return; // 6.2 has no SHARDS: the tool reads CLUSTER NODES, which has no health
                }
                String flat = flatten(shards);
                if (!(shards instanceof RespClient.Error) && !flat.contains("loading") && !flat.contains("fail")) {
                    return;
                }
                if (shards instanceof RespClient.Error || System.currentTimeMillis() > deadline) {
                    return; // the scan then says which node it left out
                }
                Thread.sleep(200);
            }
        }
    }

    private static String flatten(Object reply) {
        if (reply instanceof byte[] b) {
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }
        if (reply instanceof List<?> l) {
            StringBuilder out = new StringBuilder();
            l.forEach(o -> out.append(flatten(o)).append(' '));
            return out.toString();
        }
        return String.valueOf(reply);
    }

    /** A just-synced replica may still answer LOADING for a moment. */
    private static void waitUntilReplicaAnswers(ClusterNode replica) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        while (true) {
            try (RespClient c = RespClient.tcp(replica.host(), replica.port())) {
                String info = c.callForText("INFO", "replication");
                // Linked and loaded: CLUSTER SHARDS says "online" only then, and the tool takes only those.
                if (info.contains("master_link_status:up") && !info.contains("master_sync_in_progress:1")
                        && c.callForText("INFO", "persistence").contains("loading:0")) {
                    Thread.sleep(300);
                    return;
                }
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("replica " + address(replica) + " never linked to its master");
            }
            Thread.sleep(100);
        }
    }

    /** One node's guard: the shard under load outgrows --max-client-buffer; the scan stops, naming it. */
    @Test
    void the_buffer_guard_of_one_node_ends_the_scan_and_names_the_node() throws Exception {
        try (RedisClusterProcess cluster = RedisClusterProcess.start(3, 0)) {
            ClusterNode loaded = cluster.primaries().get(1);
            String prefix = "cg" + KeyspaceFixtures.letters() + ":";
            String key = cluster.keyOn(loaded, prefix);
            String value = "x".repeat(1_000);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long end = System.currentTimeMillis() + 6_000;
            Thread load = new Thread(() -> {
                try (RespClient c = RespClient.tcp(loaded.host(), loaded.port())) {
                    while (System.currentTimeMillis() < end) {
                        c.call("SET", key, value);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            load.start();
            System.setProperty("stampede-doctor.test.stall-reader-ms", "200");
            CliRun run;
            try {
                run = CliRun.of("scan", "--redis", cluster.seedUrl(), "--duration", "20s", "--max-client-buffer", "64kb",
                        "-f", "json");
            } finally {
                System.clearProperty("stampede-doctor.test.stall-reader-ms");
            }
            load.join(10_000);
            assertThat(failure.get()).isNull();
            assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.CONNECTION);
            assertThat(run.err()).contains("stopped early (client-buffer (node " + address(loaded) + "))");
            JsonNode live = JSON.readTree(run.out()).path("live");
            assertThat(live.path("stoppedBy").asText()).isEqualTo("client-buffer");
            assertThat(live.path("durationMs").asLong()).isLessThan(15_000);
            for (JsonNode n : live.path("nodes")) {
                boolean culprit = n.path("node").asText().equals(address(loaded));
                assertThat(n.path("stoppedBy").asText()).as("%s", n).isEqualTo(culprit ? "client-buffer" : "other-node");
                if (culprit) {
                    assertThat(n.path("peakClientOutputBytes").asLong()).isGreaterThan(64 * 1024);
                }
            }
            assertThat(live.path("notes").toString()).contains("Redis (node " + address(loaded) + ") held more than");
        }
    }

    @Test
    void scan_refuses_primaries_and_replicas_together() throws Exception {
        try (RedisClusterProcess cluster = RedisClusterProcess.start(3, 0)) {
            CliRun run = CliRun.of("scan", "--redis", cluster.seedUrl(), "--nodes", "all", "--duration", "1s");
            assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(run.err().strip()).doesNotContain("\n").contains("--nodes primaries or replicas");
        }
    }

    /**
     * Runs {@code scanArgs} and, once {@code attachMillis} have passed, {@link #CLIENTS} cache-aside
     * clients on each key for 1.8 s: {@code stampedeKey} is cached first and deleted 0.4 s in,
     * {@code herdKey} set with a TTL of 0.9 s. The misses are the clients' own count; returns the scan
     * (none without {@code scanArgs}).
     */
    private static CliRun stampedeAndHerd(ClusterNode stampedeNode, String stampedeKey, AtomicLong stampedeMisses,
            ClusterNode herdNode, String herdKey, AtomicLong herdMisses, long attachMillis, String... scanArgs)
            throws Exception {
        try (RespClient c = RespClient.tcp(stampedeNode.host(), stampedeNode.port())) {
            c.call("SET", stampedeKey, "v", "EX", "600");
        }
        AtomicReference<CliRun> scan = new AtomicReference<>();
        Thread scanner = new Thread(() -> scan.set(scanArgs.length == 0 ? null : CliRun.of(scanArgs)), "scan");
        scanner.start();
        Thread.sleep(attachMillis);
        try (RespClient c = RespClient.tcp(herdNode.host(), herdNode.port())) {
            c.call("SET", herdKey, "v", "PX", "900");
        }
        long end = System.currentTimeMillis() + 1_800;
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            readers.add(reader(stampedeNode, stampedeKey, end, stampedeMisses));
            readers.add(reader(herdNode, herdKey, end, herdMisses));
        }
        readers.forEach(Thread::start);
        Thread.sleep(400);
        try (RespClient c = RespClient.tcp(stampedeNode.host(), stampedeNode.port())) {
            c.call("DEL", stampedeKey);
        }
        for (Thread t : readers) {
            t.join();
        }
        scanner.join(30_000);
        return scan.get();
    }

    private static Thread reader(ClusterNode node, String key, long end, AtomicLong misses) {
        return new Thread(() -> {
            try (RespClient c = RespClient.tcp(node.host(), node.port())) {
                CacheAsideReader.run(c, c, List.of(key), end, misses);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }, "reader-" + key);
    }

    private static String address(ClusterNode n) {
        return n.host() + ":" + n.port();
    }
}
