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
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scan --source events} on a real Redis whose MONITOR is gone ({@code rename-command
 * MONITOR ""}, as managed services and careful teams have it): a DEL stampede and a TTL herd are
 * found from keyspace events alone, misses counted as the clients counted them, and the server's
 * notify-keyspace-events put back exactly.
 */
class KeyEventSourceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int READERS = 8;

    private StartedServer<RedisServerHandle> server;
    private RedisServerHandle redis;

    @TempDir
    Path dir;

    @BeforeEach
    void redisWithoutMonitor() throws Exception {
        Path binary = LocalBinaries.redisServer().orElseThrow(() -> new AssertionError(
                "this test runs a Redis of its own without MONITOR: install redis-server (apt-get install redis-server)"));
        server = RedisProcess.start(binary, ServerOrigin.LOCAL, "local binary " + binary,
                new ArrayList<>(List.of("--rename-command", "MONITOR", "", "--notify-keyspace-events", "Kl")));
        redis = server.handle();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void monitor_refused_names_the_sources_that_would_work() {
        CliRun run = CliRun.of("scan", "--redis", redis.url(), "--duration", "1s");
        assertThat(run.exitCode()).as("%s", run).isEqualTo(3);
        assertThat(run.err()).contains("refused MONITOR").contains("--source events").contains("--source tcpdump");
    }

    @Test
    void a_setting_without_keyevents_that_may_not_be_changed_is_refused_not_reported_as_nothing_found()
            throws Exception {
        try (RespClient c = redis.connect()) {
            c.call("ACL", "SETUSER", "reader", "on", ">pw", "~*", "&*", "+@all", "-config", "+config|get");
        }
        String url = "redis://reader:pw@" + redis.host() + ":" + redis.port() + "/" + redis.db();
        CliRun run = CliRun.of("scan", "--redis", url, "--duration", "1s", "--source", "events");
        assertThat(run.exitCode()).as("%s", run).isEqualTo(3);
        assertThat(run.err()).contains("publishes no keyevents (notify-keyspace-events lacks E)",
                "or use --source monitor or tcpdump").doesNotContain("Exception");

        try (RespClient c = redis.connect()) {
            c.callForOk("CONFIG", "SET", "notify-keyspace-events", "Eg"); // del only: no keymiss, no expiry
        }
        CliRun partial = CliRun.of("scan", "--redis", url, "--duration", "1s", "--source", "events", "--format", "json");
        assertThat(partial.exitCode()).as("%s", partial).isEqualTo(ExitCode.OK);
        assertThat(JSON.readTree(partial.out()).path("live").path("notes").toString()).contains("it lacks 'xem$h'");
    }

    @Test
    void finds_the_del_stampede_and_the_ttl_herd_from_keyspace_events() throws Exception {
        String deleted = "ev:" + System.nanoTime() + ":deleted";
        String expiring = "ev:" + System.nanoTime() + ":expiring";
        Path save = dir.resolve("saved");
        AtomicReference<CliRun> scan = new AtomicReference<>();
        Thread scanner = new Thread(() -> scan.set(CliRun.of("scan", "--redis", redis.url(), "--source", "events",
                "--duration", "4s", "--format", "json", "--save", save.toString())), "scan");
        AtomicLong misses = new AtomicLong();
        try (RespClient c = redis.connect()) {
            c.call("SET", deleted, "v", "EX", "600");
            scanner.start();
            Thread.sleep(700); // subscribed
            c.call("SET", expiring, "v", "PX", "1200");
            long end = System.currentTimeMillis() + 2_600;
            List<Thread> readers = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                Thread t = new Thread(() -> {
                    try (RespClient r = redis.connect()) {
                        CacheAsideReader.run(r, r, List.of(deleted, expiring), end, misses);
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
        assertThat(run.err()).contains("reading the keyspace events").contains("put back to 'lK'");
        JsonNode report = JSON.readTree(run.out());
        JsonNode stampede = ReportEvents.on(report, deleted, true);
        assertThat(stampede.path("kind").asText()).isEqualTo("invalidation-stampede");
        assertThat(stampede.at("/trigger/command").asText()).isEqualTo("DEL");
        assertThat(stampede.path("missSource").asText()).isEqualTo("reply");
        // Lower than the 0.95 of a DEL seen by MONITOR, and the reasons say why.
        assertThat(stampede.path("confidence").asDouble()).isEqualTo(0.81);
        assertThat(stampede.at("/evidence/reasons").toString()).contains("read from keyspace events");
        JsonNode herd = ReportEvents.on(report, expiring, true);
        assertThat(herd.path("kind").asText()).as("%s", herd).isEqualTo("ttl-herd");
        assertThat(herd.at("/trigger/cause").asText()).isEqualTo("ttl");
        // Every keymiss is a miss the clients counted.
        long reported = 0;
        for (JsonNode p : report.at("/stats/patterns")) {
            reported += p.path("misses").asLong();
        }
        assertThat(reported).isEqualTo(misses.get());
        assertThat(report.at("/live/notes").toString()).contains("Read from keyspace events");
        try (RespClient c = redis.connect()) {
            List<?> setting = (List<?>) c.call("CONFIG", "GET", "notify-keyspace-events");
            assertThat(new String((byte[]) setting.get(1), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("lK");
        }

        CliRun again = CliRun.of("analyze", "--format", "json", save.resolve("keyspace-events.log").toString());
        assertThat(again.exitCode()).as("%s", again).isEqualTo(1);
        assertThat(JSON.readTree(again.out()).path("events").size()).isEqualTo(report.path("events").size());
    }

}
