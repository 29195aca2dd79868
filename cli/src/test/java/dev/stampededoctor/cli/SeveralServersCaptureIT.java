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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One packet capture of two separate servers that hold the same key names. The capture's servers
 * are read as one keyspace (a cluster's nodes hold disjoint keys), so a DEL on one server just
 * before the same key expires on the other reads as that stampede's trigger: the event says the
 * DEL ran on another server than the misses, trusts it less, and names the server that missed.
 */
class SeveralServersCaptureIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int READERS = 8;

    private StartedServer<RedisServerHandle> first;
    private StartedServer<RedisServerHandle> second;

    @TempDir
    Path dir;

    @BeforeEach
    void twoServers() throws Exception {
        Path binary = LocalBinaries.redisServer().orElseThrow(() -> new AssertionError(
                "this test runs two servers of its own: install redis-server (apt-get install redis-server)"));
        first = RedisProcess.start(binary, ServerOrigin.LOCAL, "local binary " + binary);
        second = RedisProcess.start(binary, ServerOrigin.LOCAL, "local binary " + binary);
    }

    @AfterEach
    void stop() throws Exception {
        second.close();
        first.close();
    }

    @Test
    void a_del_on_another_server_is_named_as_such_and_trusted_less() throws Exception {
        RedisServerHandle a = first.handle();
        RedisServerHandle b = second.handle();
        String key = "servers:" + System.nanoTime();
        Path pcap = dir.resolve("two.pcap");
        int misses = 0;
        try (Tcpdump tcpdump = Tcpdump.start(pcap, "tcp", "port", String.valueOf(a.port()), "or", "tcp", "port",
                String.valueOf(b.port()))) {
            List<RespClient> readers = new ArrayList<>();
            try (RespClient writerA = a.connect(); RespClient writerB = b.connect()) {
                for (int i = 0; i < READERS; i++) {
                    readers.add(a.connect());
                }
                writerB.callForOk("SET", key, "b's own", "EX", "60");
                writerA.callForOk("SET", key, "a's", "PX", "400");
                // A hot key on a: read throughout, until 30 ms before its TTL runs out.
                while ((Long) writerA.call("PTTL", key) > 30) {
                    for (RespClient c : readers) {
                        assertThat(c.call("GET", key)).isNotNull();
                    }
                    Thread.sleep(10);
                }
                assertThat(writerB.call("DEL", key)).as("b's key").isEqualTo(1L);
                Thread.sleep(60); // a's key expires meanwhile
                List<RespClient> missed = new ArrayList<>();
                for (RespClient c : readers) {
                    if (c.call("GET", key) == null) {
                        missed.add(c);
                    }
                }
                misses = missed.size();
                Thread.sleep(30);
                for (RespClient c : missed) {
                    c.callForOk("SET", key, "rebuilt", "EX", "60");
                }
            } finally {
                for (RespClient c : readers) {
                    c.close();
                }
            }
            Thread.sleep(300);
            tcpdump.stop();
        }
        assertThat(misses).as("a's key expired").isEqualTo(READERS);
        CliRun run = CliRun.of("analyze", "--format", "json", "--redis-port", a.port() + "," + b.port(), pcap.toString());
        assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
        JsonNode report = JSON.readTree(run.out());
        JsonNode event = report.at("/events/0");
        assertThat(report.path("events")).hasSize(1);
        assertThat(event.path("misses").asInt()).isEqualTo(misses);
        assertThat(readsAndMissesOf(report)[1]).isEqualTo(misses);
        assertThat(event.path("node").asText()).as("where the readers missed").isEqualTo("127.0.0.1:" + a.port());
        // The DEL on b came first: read as one keyspace, it is the trigger, but said to be b's.
        assertThat(event.path("kind").asText()).isEqualTo("invalidation-stampede");
        assertThat(event.at("/evidence/reasons").toString()).contains("DEL ran on 127.0.0.1:" + b.port()
                + ", the misses on 127.0.0.1:" + a.port());
        assertThat(event.path("confidence").asDouble()).isLessThan(0.7);
    }

    private static long[] readsAndMissesOf(JsonNode report) {
        JsonNode p = report.at("/stats/patterns/0");
        return new long[] {p.path("reads").asLong(), p.path("misses").asLong()};
    }
}
