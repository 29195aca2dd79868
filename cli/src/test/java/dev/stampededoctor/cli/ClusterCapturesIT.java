package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.cli.input.NodeNames;
import dev.stampededoctor.cli.servers.ClusterNode;
import dev.stampededoctor.cli.servers.RedisClusterProcess;
import dev.stampededoctor.cli.servers.RedisServerHandle;
import dev.stampededoctor.cli.servers.RespClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real 3-primary cluster recorded with one MONITOR per primary while cache-aside clients (which
 * count their own misses) stampede one key on one shard after a DEL and herd on a key of another
 * shard when its TTL runs out: {@code analyze} of the three files, merged by timestamp, finds both,
 * each on its own node, with the clients' misses; {@code simulate} replays the same files.
 */
class ClusterCapturesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int READERS = 6;

    @TempDir
    Path dir;

    @Test
    void a_clusters_captures_merged_by_timestamp_show_each_event_on_its_node() throws Exception {
        try (RedisClusterProcess cluster = RedisClusterProcess.start(3, 0)) {
            String prefix = "cc" + KeyspaceFixtures.letters();
            List<ClusterNode> primaries = cluster.primaries();
            // Three keys, one per shard: a stampede, a herd, and quiet traffic on the third.
            Map<ClusterNode, String> keyOf = new LinkedHashMap<>();
            for (int i = 0; keyOf.size() < 3; i++) {
                String key = prefix + ":item:" + i;
                keyOf.putIfAbsent(cluster.ownerOf(key), key);
            }
            List<ClusterNode> owners = new ArrayList<>(keyOf.keySet());
            ClusterNode stampedeNode = owners.get(0);
            ClusterNode herdNode = owners.get(1);
            ClusterNode quietNode = owners.get(2);
            String deleted = keyOf.get(stampedeNode);
            String expiring = keyOf.get(herdNode);
            String quiet = keyOf.get(quietNode);

            List<MonitorRecording> recordings = new ArrayList<>();
            for (ClusterNode p : primaries) {
                recordings.add(MonitorRecording.start(handle(cluster, p), 64 << 20));
            }
            AtomicLong deletedMisses = new AtomicLong();
            AtomicLong expiringMisses = new AtomicLong();
            long end = System.currentTimeMillis() + 3_500;
            List<Thread> clients = new ArrayList<>();
            List<RespClient> connections = new ArrayList<>();
            try (RespClient seedA = connect(stampedeNode); RespClient seedB = connect(herdNode);
                    RespClient seedC = connect(quietNode)) {
                seedA.call("SET", deleted, "v", "EX", "60");
                seedB.call("SET", expiring, "v", "PX", "1500");
                seedC.call("SET", quiet, "v", "EX", "60");
                for (int r = 0; r < READERS; r++) {
                    clients.add(reader(connect(stampedeNode, connections), deleted, end, deletedMisses));
                    clients.add(reader(connect(herdNode, connections), expiring, end, expiringMisses));
                }
                clients.add(reader(connect(quietNode, connections), quiet, end, new AtomicLong()));
                clients.forEach(Thread::start);
                Thread.sleep(1_000);
                seedA.call("DEL", deleted);
                for (Thread t : clients) {
                    t.join(10_000);
                }
            } finally {
                for (RespClient c : connections) {
                    c.close();
                }
            }
            List<String> files = new ArrayList<>();
            for (int i = 0; i < primaries.size(); i++) {
                ClusterNode p = primaries.get(i);
                Path file = dir.resolve(NodeNames.fileNameOf(p.host(), p.port()));
                Files.write(file, recordings.get(i).stop());
                files.add(file.toString());
            }
            assertThat(deletedMisses.get()).as("every reader missed after the DEL").isGreaterThanOrEqualTo(READERS);
            assertThat(expiringMisses.get()).as("every reader missed after the expiry").isGreaterThanOrEqualTo(READERS);

            JsonNode merged = analyze(files);
            JsonNode stampede = event(merged, deleted);
            assertThat(stampede.path("kind").asText()).isEqualTo("invalidation-stampede");
            assertThat(stampede.path("node").asText()).isEqualTo(name(stampedeNode));
            assertThat(stampede.path("misses").asLong()).isEqualTo(deletedMisses.get());
            assertThat(stampede.path("rebuilds").asLong()).isEqualTo(deletedMisses.get());
            assertThat(stampede.at("/trigger/file").asText()).isEqualTo(files.get(primaries.indexOf(stampedeNode)));
            JsonNode herd = event(merged, expiring);
            assertThat(herd.path("kind").asText()).isEqualTo("ttl-herd");
            assertThat(herd.path("node").asText()).isEqualTo(name(herdNode));
            assertThat(herd.path("misses").asLong()).isEqualTo(expiringMisses.get());
            assertThat(herd.path("rebuilds").asLong()).isEqualTo(expiringMisses.get());
            assertThat(merged.path("events")).as("nothing on the quiet shard")
                    .noneSatisfy(e -> assertThat(e.path("key").asText()).isEqualTo(quiet));
            Map<String, String> incidentNodes = new LinkedHashMap<>();
            merged.path("incidents").forEach(i -> incidentNodes.put(i.path("keys").get(0).asText(), i.path("node").asText()));
            assertThat(incidentNodes).containsEntry(deleted, name(stampedeNode)).containsEntry(expiring, name(herdNode));
            assertThat(merged.at("/input/nodes")).hasSize(3);
            assertThat(merged.at("/input/timestampsOutOfOrder").asLong()).isZero();

            // Read one after another, the three files run back in time twice: the old reading.
            JsonNode concatenated = analyze(files, "--no-merge");
            assertThat(concatenated.at("/input/timestampsOutOfOrder").asLong()).isPositive();
            assertThat(concatenated.path("events")).allSatisfy(e -> assertThat(e.has("node")).isFalse());
            assertThat(concatenated.at("/input/nodes").isMissingNode()).isTrue();

            List<String> args = new ArrayList<>(List.of("simulate", "-f", "json"));
            args.addAll(files);
            CliRun simulate = CliRun.of(args.toArray(String[]::new));
            assertThat(simulate.exitCode()).as("%s", simulate).isEqualTo(ExitCode.OK);
            JsonNode replay = JSON.readTree(simulate.out());
            long truth = deletedMisses.get() + expiringMisses.get();
            assertThat(replay.at("/observed/rebuilds").asLong()).isEqualTo(truth);
            assertThat(replay.at("/policies/0/rebuilds").asLong()).as("as-is replays what the clients did")
                    .isBetween(Math.round(truth * 0.95), Math.round(truth * 1.05));
            assertThat(replay.at("/input/files")).hasSize(3);
        }
    }

    private static JsonNode analyze(List<String> files, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("analyze", "-f", "json"));
        args.addAll(List.of(options));
        args.addAll(files);
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.FOUND);
        return JSON.readTree(run.out());
    }

    private static JsonNode event(JsonNode report, String key) {
        for (JsonNode e : report.path("events")) {
            if (key.equals(e.path("key").asText())) {
                return e;
            }
        }
        throw new AssertionError("no event on " + key + ": " + report.path("events"));
    }

    private static String name(ClusterNode node) {
        return node.host() + ":" + node.port();
    }

    private static RedisServerHandle handle(RedisClusterProcess cluster, ClusterNode node) {
        return cluster.servers().stream().filter(s -> s.port() == node.port()).findFirst().orElseThrow();
    }

    private static RespClient connect(ClusterNode node) throws java.io.IOException {
        return RespClient.tcp(node.host(), node.port());
    }

    private static RespClient connect(ClusterNode node, List<RespClient> opened) throws java.io.IOException {
        RespClient c = connect(node);
        opened.add(c);
        return c;
    }

    /** A cache-aside reader of one key on the shard that owns it. */
    private static Thread reader(RespClient client, String key, long end, AtomicLong misses) {
        return new Thread(() -> CacheAsideReader.run(client, client, List.of(key), end, misses), "reader-" + key);
    }
}
