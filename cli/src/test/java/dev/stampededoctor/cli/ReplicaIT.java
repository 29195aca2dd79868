package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.cli.servers.LocalBinaries;
import dev.stampededoctor.cli.servers.RedisProcess;
import dev.stampededoctor.cli.servers.RedisServerHandle;
import dev.stampededoctor.cli.servers.RespClient;
import dev.stampededoctor.cli.servers.ServerOrigin;
import dev.stampededoctor.cli.servers.StartedServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * scan on a real replica, the way read replicas are used: clients read from the replica and
 * write their rebuilds to the primary. A key's TTL running out on the primary arrives as a DEL
 * over the master's link and is a ttl-herd; a client's DEL of a key with a long TTL is an
 * invalidation-stampede. Misses are the readers' own count.
 */
class ReplicaIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int READERS = 8;

    private StartedServer<RedisServerHandle> primaryServer;
    private StartedServer<RedisServerHandle> replicaServer;
    private RedisServerHandle primary;
    private RedisServerHandle replica;

    @BeforeEach
    void primaryAndReplica() throws Exception {
        Path binary = LocalBinaries.redisServer().orElseThrow(() -> new AssertionError(
                "this test runs a primary and a replica of its own: install redis-server (apt-get install redis-server)"));
        primaryServer = RedisProcess.start(binary, ServerOrigin.LOCAL, "local binary " + binary);
        primary = primaryServer.handle();
        replicaServer = RedisProcess.start(binary, ServerOrigin.LOCAL, "local binary " + binary,
                new ArrayList<>(List.of("--replicaof", "127.0.0.1", String.valueOf(primary.port()))));
        replica = replicaServer.handle();
        long deadline = System.currentTimeMillis() + 10_000;
        try (RespClient c = replica.connect()) {
            while (!c.callForText("INFO", "replication").contains("master_link_status:up")) {
                assertThat(System.currentTimeMillis()).as("the replica syncs").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }

    @AfterEach
    void stop() throws Exception {
        replicaServer.close();
        primaryServer.close();
    }

    @Test
    void the_masters_expiry_is_a_ttl_herd_and_a_clients_del_an_invalidation() throws Exception {
        String expiring = "rp:" + System.nanoTime() + ":expiring";
        String deleted = "rp:" + System.nanoTime() + ":deleted";
        AtomicReference<CliRun> scan = new AtomicReference<>();
        Thread scanner = new Thread(() -> scan.set(CliRun.of("scan", "--redis", replica.url(), "--duration", "4s",
                "--format", "json")), "scan");
        AtomicLong misses = new AtomicLong();
        try (RespClient c = primary.connect()) {
            scanner.start();
            Thread.sleep(700); // MONITOR attached
            c.call("SET", deleted, "v", "EX", "600");
            c.call("SET", expiring, "v", "PX", "1300");
            long end = System.currentTimeMillis() + 2_600;
            List<Thread> readers = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                Thread t = new Thread(() -> {
                    // Reads from the replica, rebuilds written to the primary: how read replicas are used.
                    try (RespClient r = replica.connect(); RespClient w = primary.connect()) {
                        CacheAsideReader.run(r, w, List.of(expiring, deleted), end, misses);
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                }, "reader");
                t.start();
                readers.add(t);
            }
            Thread.sleep(400);
            c.call("DEL", deleted);
            for (Thread t : readers) {
                t.join(10_000);
            }
        }
        scanner.join(20_000);
        CliRun run = scan.get();
        assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
        JsonNode report = JSON.readTree(run.out());
        assertThat(report.at("/live/notes").toString()).contains("over its link (127.0.0.1:" + primary.port() + ")");
        assertThat(ReportEvents.on(report, expiring, false).path("kind").asText()).isEqualTo("ttl-herd");
        JsonNode stampede = ReportEvents.on(report, deleted, false);
        assertThat(stampede.path("kind").asText()).isEqualTo("invalidation-stampede");
        assertThat(stampede.at("/trigger/command").asText()).isEqualTo("DEL");
        long reported = 0;
        for (JsonNode p : report.at("/stats/patterns")) {
            reported += p.path("misses").asLong();
        }
        assertThat(reported).as("the readers' own misses").isEqualTo(misses.get());
    }

}
