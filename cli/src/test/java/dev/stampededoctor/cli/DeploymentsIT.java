package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.cli.servers.ClusterClient;
import dev.stampededoctor.cli.servers.ClusterNode;
import dev.stampededoctor.cli.servers.RedisClusterProcess;
import dev.stampededoctor.cli.servers.RedisSentinelProcess;
import dev.stampededoctor.cli.servers.RespClient;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Whole deployments from one URL, on real servers: a 3-primary + 3-replica Redis Cluster (check
 * every node, ttl-audit every key of every shard with a breakdown that matches the owners,
 * --node-map for an address that cannot be reached) and a Sentinel setup (the URL names the
 * master, and the new one after a failover).
 */
class DeploymentsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void check_and_ttl_audit_see_every_node_of_a_cluster_from_any_one() throws Exception {
        try (RedisClusterProcess cluster = RedisClusterProcess.start(3, 1)) {
            String prefix = "dp" + KeyspaceFixtures.letters();
            Map<String, Long> byOwner = new HashMap<>();
            try (ClusterClient c = cluster.client()) {
                for (int i = 0; i < 900; i++) {
                    String key = prefix + ":" + i + ":profile";
                    c.call("SET", key, "v", "EX", "600");
                    ClusterNode owner = cluster.ownerOf(key);
                    byOwner.merge(owner.host() + ":" + owner.port(), 1L, Long::sum);
                }
            }
            assertThat(byOwner).as("keys on every shard").hasSize(3);
            // Seeded from a replica: the topology still leads to the primaries.
            ClusterNode replica = cluster.replicas().get(0);
            String seed = "redis://" + replica.host() + ":" + replica.port();
            CliRun audit = CliRun.of("ttl-audit", "--redis", seed, "--match", prefix + ":*", "-f", "json");
            assertThat(audit.exitCode()).as("%s", audit).isEqualTo(1); // one TTL, written at once: clustered
            JsonNode report = JSON.readTree(audit.out());
            assertThat(report.path("scanned").asLong()).isEqualTo(900);
            assertThat(report.path("nodes")).hasSize(3);
            JsonNode pattern = report.path("patterns").get(0);
            assertThat(pattern.path("pattern").asText()).isEqualTo(prefix + ":*:profile");
            Map<String, Long> reported = new HashMap<>();
            pattern.path("nodes").fields().forEachRemaining(e -> reported.put(e.getKey(), e.getValue().asLong()));
            assertThat(reported).isEqualTo(byOwner);

            // A replica just synced may still report health "loading" (left out, with a note): wait it out.
            JsonNode everyNode;
            long deadline = System.currentTimeMillis() + 15_000;
            do {
                CliRun all = CliRun.of("ttl-audit", "--redis", seed, "--match", prefix + ":*", "--nodes", "all", "-f", "json");
                everyNode = JSON.readTree(all.out());
                if (everyNode.path("nodes").size() < 6) {
                    assertThat(all.err()).as("a node left out says why").contains("failed or loading");
                    Thread.sleep(200);
                }
            } while (everyNode.path("nodes").size() < 6 && System.currentTimeMillis() < deadline);
            assertThat(everyNode.path("nodes")).hasSize(6);
            assertThat(everyNode.path("scanned").asLong()).as("each key on its primary and its replica").isEqualTo(1_800);

            CliRun check = CliRun.of("check", "--redis", seed, "-f", "json");
            JsonNode checks = JSON.readTree(check.out()).path("checks");
            java.util.Set<String> nodes = new java.util.TreeSet<>();
            checks.forEach(k -> {
                if (k.has("node")) {
                    nodes.add(k.path("node").asText());
                }
            });
            assertThat(nodes).isEqualTo(new java.util.TreeSet<>(byOwner.keySet()));
            assertThat(check.out()).contains("3 node(s) checked (primaries)");

            ClusterNode primary = cluster.primaries().get(1);
            CliRun unreachable = CliRun.of("ttl-audit", "--redis", seed, "--connect-timeout", "1s", "--node-map",
                    primary.host() + ":" + primary.port() + "=127.0.0.1:1", "-f", "json");
            assertThat(unreachable.exitCode()).isEqualTo(ExitCode.CONNECTION);
            assertThat(unreachable.err().strip()).doesNotContain("\n").contains("cluster node " + primary.host() + ":"
                    + primary.port(), "--node-map");
            CliRun db2 = CliRun.of("ttl-audit", "--redis", seed + "/2");
            assertThat(db2.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(db2.err()).contains("only db 0");
        }
    }

    @Test
    void a_sentinel_url_names_the_master_and_the_new_one_after_a_failover() throws Exception {
        try (RedisSentinelProcess sentinel = RedisSentinelProcess.start()) {
            try (RespClient c = sentinel.primary().connect()) {
                c.call("SET", "sn:1", "v", "EX", "600");
            }
            CliRun before = CliRun.of("check", "--redis", sentinel.url(), "-f", "json");
            assertThat(before.exitCode()).as("%s", before).isIn(ExitCode.OK, ExitCode.FOUND);
            assertThat(before.err()).contains("names " + sentinel.masterName() + " at redis://127.0.0.1:"
                    + sentinel.primary().port());
            assertThat(JSON.readTree(before.out()).at("/target/redis/0").asText())
                    .isEqualTo("redis://127.0.0.1:" + sentinel.primary().port());
            long deadline = System.currentTimeMillis() + 10_000;
            try (RespClient c = sentinel.replica().connect()) {
                while ((Long) c.call("DBSIZE") < 1) { // replicated before the failover, or the test would race it
                    assertThat(System.currentTimeMillis()).isLessThan(deadline);
                    Thread.sleep(20);
                }
            }
            sentinel.failover();
            CliRun after = CliRun.of("ttl-audit", "--redis", sentinel.url(), "-f", "json");
            assertThat(after.err()).contains("at redis://127.0.0.1:" + sentinel.replica().port());
            long onReplica;
            try (RespClient c = sentinel.replica().connect()) {
                onReplica = (Long) c.call("DBSIZE");
            }
            assertThat(JSON.readTree(after.out()).path("scanned").asLong()).as("%s", after).isEqualTo(onReplica)
                    .isEqualTo(1);
            CliRun nope = CliRun.of("check", "--redis", sentinel.url().replaceFirst("/[^/]+$", "/nope"));
            assertThat(nope.exitCode()).isEqualTo(ExitCode.CONNECTION);
            assertThat(nope.err()).contains("knows no master named 'nope'");
        }
    }
}
