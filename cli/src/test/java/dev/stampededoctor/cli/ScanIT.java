package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.cli.servers.PostgresServerHandle;
import dev.stampededoctor.cli.servers.RealServers;
import dev.stampededoctor.cli.servers.RedisServerHandle;
import dev.stampededoctor.cli.servers.RespClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scan} on a real Redis while real cache-aside clients cause an invalidation stampede and a
 * TTL herd; the saved capture reproduces the events; Ctrl-C and the buffer guard give partial
 * reports.
 */
@ExtendWith(RealServers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScanIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 8;

    private static final String TABLE = "stampede_doctor_scan_it";

    private RedisServerHandle redis;
    private PostgresServerHandle postgres;

    @TempDir
    Path dir;

    @BeforeAll
    void servers(RedisServerHandle redis, PostgresServerHandle postgres) throws Exception {
        this.redis = redis;
        this.postgres = postgres;
        try (java.sql.Connection c = postgres.connect(); java.sql.Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            s.execute("CREATE TABLE " + TABLE + " (id int PRIMARY KEY, body text NOT NULL)");
            s.execute("INSERT INTO " + TABLE + " VALUES (1, 'the rebuilt value')");
        }
    }

    @org.junit.jupiter.api.AfterAll
    void dropTable() throws Exception {
        try (java.sql.Connection c = postgres.connect(); java.sql.Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            s.execute("DROP EXTENSION IF EXISTS pg_stat_statements");
        }
    }

    private boolean statementsExtension;

    @Test
    void correlates_the_stampede_with_the_rebuild_query_in_postgres_and_the_saved_samples_reproduce_it() throws Exception {
        try (java.sql.Connection c = postgres.connect(); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            statementsExtension = true;
        } catch (java.sql.SQLException e) {
            statementsExtension = false; // the server's build has no contrib modules
        }
        String key = "it:" + UUID.randomUUID() + ":page";
        Path save = dir.resolve("with-pg");
        AtomicReference<CliRun> scan = new AtomicReference<>();
        Thread scanner = new Thread(() -> scan.set(CliRun.of("scan", "--redis", redis.url(), "--postgres", postgres.url(),
                "--duration", "3s", "--format", "json", "--save", save.toString())), "scan");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (RespClient c = client()) {
            c.call("SET", key, "v", "EX", "600");
            scanner.start();
            Thread.sleep(800); // MONITOR attached, sampling under way
            long end = System.currentTimeMillis() + 1_500;
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                Thread t = new Thread(() -> {
                    try (RespClient r = client(); java.sql.Connection db = postgres.connect();
                         java.sql.PreparedStatement q = db.prepareStatement(
                                 "SELECT body, pg_sleep(0.15) FROM " + TABLE + " WHERE id = 1")) {
                        while (System.currentTimeMillis() < end) {
                            if (r.call("GET", key) == null) {
                                try (java.sql.ResultSet rs = q.executeQuery()) {
                                    rs.next();
                                    r.call("SET", key, rs.getString(1), "EX", "600");
                                }
                            }
                            Thread.sleep(2);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                t.start();
                threads.add(t);
            }
            Thread.sleep(300);
            c.call("DEL", key);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
        assertThat(failure.get()).isNull();
        scanner.join(20_000);
        CliRun run = scan.get();
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.FOUND);
        JsonNode report = JSON.readTree(run.out());
        JsonNode db = ReportEvents.on(report, key, false).path("dbCorrelation");
        assertThat(db.path("query").asText()).contains("pg_sleep(?)", TABLE);
        assertThat(db.path("peakConcurrent").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(db.path("queriesStarted").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(db.path("lagMs").asDouble()).isBetween(0.0, 1_000.0);
        assertThat(report.path("database").path("samples").asInt()).isGreaterThan(10);
        JsonNode database = report.path("database");
        if (statementsExtension) {
            // Installed: either it is preloaded and counts calls, or the report says why it cannot.
            assertThat(database.has("statements") || database.path("notes").toString().contains("pg_stat_statements"))
                    .as("%s", database).isTrue();
        } else {
            assertThat(database.has("statements")).isFalse();
        }

        CliRun again = CliRun.of("analyze", "--format", "json", "--pg-samples", save.resolve("pg-samples.jsonl").toString(),
                save.resolve("monitor.log").toString());
        assertThat(again.exitCode()).as("%s", again).isEqualTo(ExitCode.FOUND);
        assertThat(ReportEvents.on(JSON.readTree(again.out()), key, false).path("dbCorrelation")).isEqualTo(db);
    }

    @Test
    void an_unreachable_postgres_leaves_a_redis_only_report_with_a_warning() throws Exception {
        CliRun run = CliRun.of("scan", "--redis", redis.url(), "--postgres", "postgresql://nobody:secret@127.0.0.1:1/x",
                "--duration", "1s", "--format", "json");
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.OK);
        assertThat(run.err()).contains("warning: cannot sample PostgreSQL", "Redis-only").doesNotContain("secret");
        JsonNode report = JSON.readTree(run.out());
        assertThat(report.has("database")).isFalse();
        assertThat(report.path("live").path("notes").toString()).contains("could not be sampled");
    }

    private RespClient client() throws Exception {
        RespClient c = redis.connect();
        if (redis.db() != 0) {
            c.call("SELECT", String.valueOf(redis.db()));
        }
        return c;
    }

    /** Cache-aside readers of {@code keys} until {@code endMillis}: GET, on a miss 30 ms of "rebuild", SET EX 600. */
    private List<Thread> readers(List<String> keys, long endMillis, AtomicInteger rebuilds, AtomicReference<Throwable> failure) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Thread t = new Thread(() -> {
                java.util.Random random = new java.util.Random();
                try (RespClient c = client()) {
                    while (System.currentTimeMillis() < endMillis) {
                        String key = keys.get(random.nextInt(keys.size()));
                        if (c.call("GET", key) == null) {
                            Thread.sleep(30);
                            c.call("SET", key, "rebuilt", "EX", "600");
                            rebuilds.incrementAndGet();
                        }
                        Thread.sleep(2);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            t.start();
            threads.add(t);
        }
        return threads;
    }

    @Test
    void finds_an_invalidation_stampede_and_a_ttl_herd_live_and_the_saved_capture_reproduces_them() throws Exception {
        String deleted = "it:" + UUID.randomUUID() + ":deleted";
        String expiring = "it:" + UUID.randomUUID() + ":expiring";
        Path save = dir.resolve("saved");
        AtomicReference<CliRun> scan = new AtomicReference<>();
        Thread scanner = new Thread(() -> scan.set(CliRun.of("scan", "--redis", redis.url(), "--duration", "4s",
                "--format", "json", "--save", save.toString())), "scan");
        try (RespClient c = client()) {
            c.call("SET", deleted, "v", "EX", "600");
            scanner.start();
            Thread.sleep(500); // MONITOR is attached
            c.call("SET", expiring, "v", "PX", "1500");
            AtomicInteger rebuilds = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = readers(List.of(deleted, expiring), System.currentTimeMillis() + 3_000, rebuilds,
                    failure);
            Thread.sleep(400);
            c.call("DEL", deleted);
            for (Thread t : threads) {
                t.join(10_000);
            }
            assertThat(failure.get()).isNull();
        }
        scanner.join(20_000);
        CliRun run = scan.get();
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.FOUND);
        assertThat(run.err()).contains("MONITOR costs Redis throughput");
        JsonNode report = JSON.readTree(run.out());
        JsonNode stampede = ReportEvents.on(report, deleted, false);
        assertThat(stampede.path("kind").asText()).isEqualTo("invalidation-stampede");
        assertThat(stampede.path("trigger").path("command").asText()).isEqualTo("DEL");
        assertThat(stampede.path("rebuilds").asInt()).isGreaterThanOrEqualTo(3);
        JsonNode herd = ReportEvents.on(report, expiring, false);
        assertThat(herd.path("kind").asText()).isEqualTo("ttl-herd");
        assertThat(herd.path("rebuilds").asInt()).isGreaterThanOrEqualTo(3);

        JsonNode live = report.path("live");
        assertThat(live.path("stoppedBy").asText()).isEqualTo("duration");
        assertThat(live.path("complete").asBoolean()).isTrue();
        assertThat(live.path("durationMs").asLong()).isBetween(3_900L, 6_000L);
        assertThat(live.path("role").asText()).isEqualTo("master");
        assertThat(live.path("info").path("keyspaceMisses").asLong())
                .isGreaterThanOrEqualTo(stampede.path("misses").asLong() + herd.path("misses").asLong());
        assertThat(live.path("timeline").size()).isGreaterThanOrEqualTo(3);
        assertThat(live.path("redis").asText()).isEqualTo(redis.url().replaceAll("/0$", ""));
        JsonNode ahead = null;
        for (JsonNode a : live.path("lookAhead")) {
            if (a.path("key").asText().equals(deleted)) {
                ahead = a;
            }
        }
        assertThat(ahead).as("the hot key is looked ahead at: %s", live.path("lookAhead")).isNotNull();
        assertThat(ahead.path("ttlMs").asLong()).isBetween(500_000L, 600_000L);
        assertThat(ahead.path("readsPerSecond").asDouble()).isGreaterThanOrEqualTo(10);
        assertThat(ahead.path("warning").asText()).contains(deleted, "expires in", "times/s");

        Path capture = save.resolve("monitor.log");
        assertThat(Files.readAllLines(capture, StandardCharsets.UTF_8).get(0)).isEqualTo("OK");
        CliRun again = CliRun.of("analyze", "--format", "json", capture.toString());
        assertThat(again.exitCode()).isEqualTo(ExitCode.FOUND);
        JsonNode replay = JSON.readTree(again.out());
        // The same events, quoting the same lines; only the input's name differs.
        assertThat(withoutTriggerFiles(replay.path("events"))).isEqualTo(withoutTriggerFiles(report.path("events")));
        assertThat(report.path("events").get(0).path("trigger").path("file").asText()).startsWith("redis ");
        // One source of advice: scan replayed its own capture as analyze replays the saved one.
        assertThat(report.path("incidents")).isNotEmpty().allSatisfy(i ->
                assertThat(i.path("adviceRankedBy").asText()).isEqualTo("replay"));
        assertThat(withoutTriggerFiles(replay.path("incidents"))).isEqualTo(withoutTriggerFiles(report.path("incidents")));
        assertThat(replay.path("input").path("unparseable").asLong()).isZero();
    }

    private static JsonNode withoutTriggerFiles(JsonNode list) {
        JsonNode copy = list.deepCopy();
        for (JsonNode e : copy) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) e.path("trigger")).remove("file");
        }
        return copy;
    }


    private String notifyConfig(RespClient c) throws Exception {
        List<?> reply = (List<?>) c.call("CONFIG", "GET", "notify-keyspace-events");
        return new String((byte[]) reply.get(1), StandardCharsets.UTF_8);
    }

    @Test
    void notifications_are_counted_and_the_setting_put_back_exactly() throws Exception {
        String prefix = "it:" + UUID.randomUUID() + ":";
        try (RespClient c = client()) {
            c.call("CONFIG", "SET", "notify-keyspace-events", "Kl");
            String before = notifyConfig(c);
            AtomicReference<CliRun> scan = new AtomicReference<>();
            Thread scanner = new Thread(() -> scan.set(CliRun.of("scan", "--redis", redis.url(), "--duration", "2s",
                    "--notifications", "--format", "json")), "scan");
            scanner.start();
            Thread.sleep(700);
            c.call("SET", prefix + "short", "v", "PX", "100");
            c.call("SET", prefix + "gone", "v");
            c.call("DEL", prefix + "gone");
            for (int i = 0; i < 5; i++) {
                c.call("GET", prefix + "missing");
            }
            Thread.sleep(300);
            c.call("GET", prefix + "short"); // expired: the access deletes it and notifies
            scanner.join(20_000);
            CliRun run = scan.get();
            assertThat(run.exitCode()).as("%s", run).isIn(ExitCode.OK, ExitCode.FOUND);
            assertThat(notifyConfig(c)).as("put back exactly").isEqualTo(before);
            assertThat(run.err()).contains("notify-keyspace-events changed from 'lK'", "put back to 'lK'");
            JsonNode n = JSON.readTree(run.out()).path("live").path("notifications");
            assertThat(n.path("previousSetting").asText()).isEqualTo(before);
            assertThat(n.path("events").path("del").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(n.path("events").path("keymiss").asLong()).isGreaterThanOrEqualTo(6);
            assertThat(n.path("events").path("expired").asLong()).isGreaterThanOrEqualTo(1);
        } finally {
            try (RespClient c = client()) {
                c.call("CONFIG", "SET", "notify-keyspace-events", "");
            }
        }
    }

    @Test
    void the_scans_own_polling_is_not_counted_as_traffic_but_another_clients_info_is() throws Exception {
        String key = "it:" + UUID.randomUUID() + ":own";
        try (RespClient c = client()) {
            AtomicReference<CliRun> scan = new AtomicReference<>();
            Thread scanner = new Thread(() -> scan.set(CliRun.of("scan", "--redis", redis.url(), "--duration", "3s",
                    "--notifications", "--format", "json")), "scan");
            scanner.start();
            Thread.sleep(700);
            for (int i = 0; i < 5; i++) {
                c.call("INFO", "stats"); // an operator's INFO: traffic like any other
                c.call("GET", key);
                Thread.sleep(300);
            }
            scanner.join(20_000);
            CliRun run = scan.get();
            assertThat(run.exitCode()).as("%s", run).isIn(ExitCode.OK, ExitCode.FOUND);
            JsonNode report = JSON.readTree(run.out());
            JsonNode live = report.path("live");
            int polls = 0; // one CLIENT LIST and one INFO per sample; the last may come after MONITOR's end
            for (JsonNode sample : live.path("timeline")) {
                polls += sample.path("atSeconds").asDouble() < 2.9 ? 1 : 0;
            }
            assertThat(polls).as("%s", live).isGreaterThanOrEqualTo(2);
            // What MONITOR shows of them: each poll's INFO, the watcher's first INFO, and the
            // notifications' two CLIENT INFO and PSUBSCRIBE. Redis 7 keeps admin commands (CONFIG,
            // CLIENT LIST) out of MONITOR; a server that shows them only adds to the count.
            assertThat(live.path("ownCommandsIgnored").asLong()).as("%s", live).isGreaterThanOrEqualTo(polls + 4L);
            JsonNode commands = report.path("input").path("commands");
            assertThat(commands.path("INFO").asInt()).as("%s", commands).isEqualTo(5);
            assertThat(commands.path("GET").asInt()).as("%s", commands).isEqualTo(5);
            assertThat(commands.has("CLIENT")).as("%s", commands).isFalse();
            assertThat(commands.has("CONFIG")).as("%s", commands).isFalse();
            assertThat(commands.has("PSUBSCRIBE") || commands.has("SUBSCRIBE")).as("%s", commands).isFalse();
            assertThat(report.path("stats").path("otherCommands").asInt()).as("the other client's INFO only")
                    .isEqualTo(5);
            assertThat(report.path("input").path("parsed").asInt()).isEqualTo(10);

            assertThat(report.path("reportVersion").asInt()).isEqualTo(3);
            assertThat(java.time.Instant.parse(report.path("generatedAt").asText()))
                    .isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now());
            JsonNode target = report.path("target");
            assertThat(target.path("kind").asText()).isEqualTo("redis");
            assertThat(target.path("redis").get(0).asText()).startsWith("redis://").doesNotContain("@");
            assertThat(target.has("postgres")).isFalse();
            List<String> first = new ArrayList<>();
            report.fieldNames().forEachRemaining(first::add);
            assertThat(first.subList(0, 3)).containsExactly("reportVersion", "generatedAt", "target");
        } finally {
            try (RespClient c = client()) {
                c.call("CONFIG", "SET", "notify-keyspace-events", "");
            }
        }
    }

    @Test
    void sigterm_during_a_notifications_scan_leaves_the_setting_as_found() throws Exception {
        try (RespClient c = client()) {
            c.call("CONFIG", "SET", "notify-keyspace-events", "Kl");
            String before = notifyConfig(c);
            Process scan = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), "scan", "--redis", redis.url(),
                    "--duration", "60s", "--notifications", "--format", "json")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(dir.resolve("notifications.err").toFile()).start();
            long deadline = System.currentTimeMillis() + 15_000;
            while (notifyConfig(c).equals(before) && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(notifyConfig(c)).as("the scan changed it").isNotEqualTo(before);
            scan.destroy();
            assertThat(scan.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(notifyConfig(c)).as("put back after SIGTERM").isEqualTo(before);
            assertThat(Files.readString(dir.resolve("notifications.err"))).contains("put back to 'lK'");
        } finally {
            try (RespClient c = client()) {
                c.call("CONFIG", "SET", "notify-keyspace-events", "");
            }
        }
    }

    @Test
    void sigterm_ends_the_scan_early_with_a_report() throws Exception {
        Process scan = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "scan", "--redis", redis.url(),
                "--duration", "60s", "--format", "json")
                .redirectOutput(dir.resolve("scan.json").toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Thread.sleep(2_500);
        long stopped = System.currentTimeMillis();
        scan.destroy();
        assertThat(scan.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(System.currentTimeMillis() - stopped).as("stops promptly").isLessThan(10_000);
        assertThat(scan.exitValue()).as("the report's exit code, not 143").isIn(ExitCode.OK, ExitCode.FOUND);
        // destroy() sends SIGTERM, as Ctrl-C's SIGINT and a runbook's timeout do.
        JsonNode report = JSON.readTree(Files.readAllBytes(dir.resolve("scan.json")));
        assertThat(report.path("live").path("stoppedBy").asText()).isEqualTo("interrupt");
        assertThat(report.path("live").path("complete").asBoolean()).isFalse();
        assertThat(report.path("live").path("durationMs").asLong()).isLessThan(30_000);
    }

    @Test
    void a_stalled_reader_trips_the_buffer_guard_and_gives_a_partial_report() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long end = System.currentTimeMillis() + 6_000;
        String value = "x".repeat(1_000);
        Thread load = new Thread(() -> {
            try (RespClient c = client()) {
                while (System.currentTimeMillis() < end) {
                    c.call("SET", "it:guard:" + (System.nanoTime() % 1000), value);
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        });
        load.start();
        System.setProperty("stampede-doctor.test.stall-reader-ms", "200");
        CliRun run;
        try {
            run = CliRun.of("scan", "--redis", redis.url(), "--duration", "20s", "--max-client-buffer", "64kb",
                    "--format", "json");
        } finally {
            System.clearProperty("stampede-doctor.test.stall-reader-ms");
        }
        load.join(10_000);
        assertThat(failure.get()).isNull();
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.CONNECTION);
        assertThat(run.err()).contains("stopped early (client-buffer)");
        JsonNode live = JSON.readTree(run.out()).path("live");
        assertThat(live.path("stoppedBy").asText()).isEqualTo("client-buffer");
        assertThat(live.path("peakClientOutputBytes").asLong()).isGreaterThan(64 * 1024);
        assertThat(live.path("durationMs").asLong()).isLessThan(15_000);
    }

    @Test
    void a_monitor_connection_killed_mid_scan_gives_a_partial_report_and_exit_3() throws Exception {
        AtomicReference<CliRun> scan = new AtomicReference<>();
        Thread scanner = new Thread(() -> scan.set(CliRun.of("scan", "--redis", redis.url(), "--duration", "20s",
                "--format", "json")), "scan");
        scanner.start();
        try (RespClient c = client()) {
            long deadline = System.currentTimeMillis() + 10_000;
            String monitorId = null;
            while (monitorId == null && System.currentTimeMillis() < deadline) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("id=(\\d+) [^\\n]*cmd=monitor")
                        .matcher(c.callForText("CLIENT", "LIST"));
                if (m.find()) {
                    monitorId = m.group(1);
                } else {
                    Thread.sleep(20);
                }
            }
            assertThat(monitorId).as("the scan's MONITOR connection").isNotNull();
            c.call("SET", "it:killed:" + UUID.randomUUID(), "v");
            Thread.sleep(300);
            c.call("CLIENT", "KILL", "ID", monitorId);
        }
        scanner.join(20_000);
        CliRun run = scan.get();
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.CONNECTION);
        JsonNode live = JSON.readTree(run.out()).path("live");
        assertThat(live.path("stoppedBy").asText()).isEqualTo("connection-lost");
        assertThat(live.path("complete").asBoolean()).isFalse();
        assertThat(live.path("durationMs").asLong()).isLessThan(15_000);
        assertThat(run.err()).contains("partial");
    }

    @Test
    void bounds_and_unreachable_servers_are_refused_in_one_line() {
        assertThat(CliRun.of("scan", "--redis", redis.url(), "--duration", "6m").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(CliRun.of("scan", "--redis", redis.url(), "--duration", "0s").exitCode()).isEqualTo(ExitCode.USAGE);
        CliRun down = CliRun.of("scan", "--redis", "redis://127.0.0.1:1", "--duration", "1s");
        assertThat(down.exitCode()).isEqualTo(ExitCode.CONNECTION);
        assertThat(down.err().lines()).hasSize(1);
    }
}
