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
import dev.stampededoctor.cli.servers.PostgresServerHandle;
import dev.stampededoctor.cli.servers.RealServers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live scan when Redis stops answering (SIGSTOP: what a long script, a fork on a big heap or
 * swapping look like): it ends at its deadline with a partial report that says so, and an
 * interrupt still reports at once. Each test has a Redis of its own to stop.
 */
@ExtendWith(RealServers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveFaultsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PostgresServerHandle postgres;

    @BeforeAll
    void servers(PostgresServerHandle postgres) {
        this.postgres = postgres;
    }

    /** SET and GET on a few keys until stopped: MONITOR lines to save. */
    private Thread traffic(java.util.concurrent.atomic.AtomicBoolean running) {
        Thread t = new Thread(() -> {
            try (RespClient c = connect()) {
                for (int i = 0; running.get() && i < 1_000_000; i++) {
                    c.call("SET", "fault:" + (i % 50), "v".repeat(100), "EX", "60");
                    c.call("GET", "fault:" + (i % 50));
                }
            } catch (Exception e) {
                // the test stops the server under it
            }
        }, "traffic");
        t.setDaemon(true);
        t.start();
        return t;
    }

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

    private Process scan(String duration, Path out, String... more) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName(), "scan", "--redis",
                server.handle().url(), "--duration", duration, "--format", "json"));
        command.addAll(List.of(more));
        return new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(dir.resolve("scan.err").toFile())
                .start();
    }

    @Test
    void a_full_disk_under_save_stops_the_copy_not_the_scan_and_the_counts_agree() throws Exception {
        Path mount = Files.createDirectories(dir.resolve("small"));
        Process mounted = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String why = new String(mounted.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(mounted.waitFor()).as("mounting a small tmpfs needs root (CI runs as root): %s", why).isZero();
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        try {
            Thread load = traffic(running);
            Path out = dir.resolve("full.json");
            Process scan = scan("3s", out, "--save", mount.resolve("incident").toString());
            assertThat(scan.waitFor(30, TimeUnit.SECONDS)).isTrue();
            running.set(false);
            load.join(5_000);
            String err = Files.readString(dir.resolve("scan.err"));
            assertThat(scan.exitValue()).as(err).isIn(ExitCode.OK, ExitCode.FOUND);
            assertThat(err).contains("warning: writing", "failed (No space left on device)", "report is whole");
            JsonNode report = JSON.readTree(out.toFile());
            assertThat(report.path("live").path("stoppedBy").asText()).isEqualTo("duration");
            long parsed = report.path("input").path("parsed").asLong();
            long commands = 0;
            for (JsonNode n : report.path("input").path("commands")) {
                commands += n.asLong();
            }
            assertThat(parsed).as("more lines than 64 KB hold").isGreaterThan(2_000).isEqualTo(commands);
            assertThat(report.path("input").path("lines").asLong()).isGreaterThanOrEqualTo(parsed);
            assertThat(report.path("live").path("notes").toString()).contains("No space left on device");
        } finally {
            running.set(false);
            new ProcessBuilder("umount", mount.toString()).start().waitFor();
        }
    }

    @Test
    void sigkill_under_save_leaves_whole_lines_and_the_postgres_samples_up_to_the_last_second() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread load = traffic(running);
        Path save = dir.resolve("killed");
        Process scan = scan("60s", dir.resolve("killed.json"), "--save", save.toString(), "--postgres", postgres.url());
        Thread.sleep(4_500);
        scan.destroyForcibly(); // SIGKILL: no hook runs
        assertThat(scan.waitFor(10, TimeUnit.SECONDS)).isTrue();
        running.set(false);
        load.join(5_000);
        byte[] capture = Files.readAllBytes(save.resolve("monitor.log"));
        assertThat(capture.length).as("flushed within a second, not at 64 KiB").isGreaterThan(1_000);
        assertThat(capture[capture.length - 1]).as("line-complete").isEqualTo((byte) '\n');
        CliRun analyzed = CliRun.of("analyze", "-f", "json", save.resolve("monitor.log").toString());
        JsonNode input = JSON.readTree(analyzed.out()).path("input");
        assertThat(input.path("unparseable").asLong()).isZero();
        assertThat(input.path("parsed").asLong()).isGreaterThan(100);
        List<String> samples = Files.readAllLines(save.resolve("pg-samples.jsonl"));
        assertThat(samples).as("a sample every 100 ms, written each second").hasSizeGreaterThan(10);
        for (String line : samples) {
            assertThat(JSON.readTree(line).has("at")).isTrue();
        }
    }

    @Test
    void postgres_lost_mid_scan_is_said_on_stderr_and_leaves_the_report_incomplete() throws Exception {
        Path out = dir.resolve("pg-lost.json");
        Process scan = scan("5s", out, "--postgres", postgres.url());
        Thread.sleep(2_500);
        try (java.sql.Connection c = postgres.connect(); java.sql.Statement s = c.createStatement()) {
            // The sampler's backend ends as in a failover or an admin's kill.
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                    + " AND backend_type = 'client backend' AND datname = current_database()");
        }
        assertThat(scan.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(dir.resolve("scan.err"));
        assertThat(scan.exitValue()).as(err).isIn(ExitCode.OK, ExitCode.FOUND);
        assertThat(err).contains("warning: PostgreSQL sampling stopped mid-scan");
        JsonNode live = JSON.readTree(out.toFile()).path("live");
        assertThat(live.path("stoppedBy").asText()).isEqualTo("duration");
        assertThat(live.path("complete").asBoolean()).isFalse();
        assertThat(live.path("notes").toString()).contains("PostgreSQL sampling stopped mid-scan");
    }

    @Test
    void an_empty_save_is_a_usage_error() {
        CliRun run = CliRun.of("scan", "--redis", server.handle().url(), "--save=");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err().strip()).isEqualTo("stampede-doctor: --save needs a directory (it is created if missing)");
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
    void a_stall_during_a_scan_with_notifications_is_still_a_stall_and_the_setting_left_is_noted() throws Exception {
        try (RespClient c = connect()) {
            c.callForOk("CONFIG", "SET", "notify-keyspace-events", "Kl");
        }
        Path out = dir.resolve("stalled-notifications.json");
        Process scan = scan("5s", out, "--notifications");
        Thread.sleep(2_000);
        signal(pid, "STOP");
        // The 5 s, then putting the setting back waits out the 10 s --timeout.
        assertThat(scan.waitFor(40, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(dir.resolve("scan.err"));
        assertThat(scan.exitValue()).as(err).isEqualTo(ExitCode.CONNECTION);
        JsonNode live = JSON.readTree(out.toFile()).path("live");
        assertThat(live.path("stoppedBy").asText()).isEqualTo("stalled");
        assertThat(live.path("complete").asBoolean()).isFalse();
        assertThat(live.path("notes").toString()).contains("Redis stopped answering",
                "notify-keyspace-events could not be put back", "CONFIG SET notify-keyspace-events 'lK'");
        assertThat(err).contains("COULD NOT put notify-keyspace-events back to 'lK'");
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
