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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live scan when Redis stops answering (SIGSTOP: what a long script, a fork on a big heap or
 * swapping look like): it ends at its deadline with a partial report that says so, and an
 * interrupt still reports at once. Each test has a Redis of its own to stop.
 */
class LiveFaultsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StartedServer<RedisServerHandle> server;
    private long pid;

    @TempDir
    Path dir;

    @BeforeEach
    void ownRedis() throws Exception {
        Path binary = LocalBinaries.redisServer().orElseThrow(() -> new AssertionError(
                "the live-fault tests stop a Redis of their own: install redis-server (apt-get install redis-server)"));
        server = RedisProcess.start(binary, ServerOrigin.LOCAL, "local binary " + binary);
        try (RespClient c = connect()) {
            String info = c.callForText("INFO", "server");
            pid = Long.parseLong(info.lines().filter(l -> l.startsWith("process_id:")).findFirst().orElseThrow()
                    .substring("process_id:".length()).strip());
        }
    }

    @AfterEach
    void resumeAndStop() throws Exception {
        signal(pid, "CONT");
        server.close();
    }

    private RespClient connect() throws Exception {
        return RespClient.tcp(server.handle().host(), server.handle().port());
    }

    private static void signal(long pid, String name) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).start().waitFor()).isZero();
    }

    private Process scan(String duration, Path out) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "scan", "--redis",
                server.handle().url(), "--duration", duration, "--format", "json")
                .redirectOutput(out.toFile()).redirectError(dir.resolve("scan.err").toFile()).start();
    }

    @Test
    void a_redis_that_stops_answering_ends_the_scan_at_its_deadline_with_a_partial_report() throws Exception {
        Path out = dir.resolve("stalled.json");
        long started = System.currentTimeMillis();
        Process scan = scan("5s", out);
        Thread.sleep(2_000);
        signal(pid, "STOP");
        assertThat(scan.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long took = System.currentTimeMillis() - started;
        // The JVM's start, 5 s of MONITOR and the report; never the 10 s --timeout on top.
        assertThat(took).as("ends near its deadline").isLessThan(9_000);
        assertThat(scan.exitValue()).as(Files.readString(dir.resolve("scan.err"))).isEqualTo(ExitCode.CONNECTION);
        JsonNode live = JSON.readTree(out.toFile()).path("live");
        assertThat(live.path("stoppedBy").asText()).isEqualTo("stalled");
        assertThat(live.path("complete").asBoolean()).isFalse();
        assertThat(live.path("notes").toString()).contains("Redis stopped answering");
        assertThat(Files.readString(dir.resolve("scan.err"))).contains("stopped early (stalled)");
    }

    @Test
    void an_interrupt_while_redis_is_stopped_reports_within_two_seconds() throws Exception {
        Path out = dir.resolve("interrupted.json");
        Process scan = scan("60s", out);
        Thread.sleep(2_500);
        signal(pid, "STOP");
        Thread.sleep(3_000); // the watcher's INFO now waits on the stopped server
        long signalled = System.currentTimeMillis();
        signal(scan.pid(), "INT");
        assertThat(scan.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(System.currentTimeMillis() - signalled).as("reports promptly").isLessThan(2_500);
        assertThat(scan.exitValue()).as(Files.readString(dir.resolve("scan.err"))).isIn(ExitCode.OK, ExitCode.FOUND);
        JsonNode live = JSON.readTree(out.toFile()).path("live");
        assertThat(live.path("stoppedBy").asText()).isEqualTo("interrupt");
        assertThat(live.path("complete").asBoolean()).isFalse();
        assertThat(live.path("notes").toString()).contains("Stopped early (Ctrl-C or SIGTERM)", "Redis stopped answering");
    }
}
