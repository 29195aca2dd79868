package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.cli.servers.PostgresServerHandle;
import dev.stampededoctor.cli.servers.RealServers;
import dev.stampededoctor.cli.servers.RedisServerHandle;
import dev.stampededoctor.cli.servers.RespClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real cache-aside clients against real Redis and PostgreSQL: each client thread has its own
 * connections and rebuilds a missing key with a real query. A scenario triggers a stampede (or a
 * healthy refill), MONITOR records it, and {@code analyze} must find what the clients themselves
 * saw: the kind, the key, the trigger within 1 s, misses and rebuilds within 5 % (or one).
 */
@ExtendWith(RealServers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StampedeScenariosIT {
    private static final String TABLE = "stampede_doctor_it_rows";
    private static final int CLIENTS = 8;
    private static final long REBUILD_SLEEP_MILLIS = 30;
    private static final int MAX_CAPTURE_BYTES = 64 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RedisServerHandle redis;
    private PostgresServerHandle postgres;

    @TempDir
    Path dir;

    @BeforeAll
    void createTable(RedisServerHandle redis, PostgresServerHandle postgres) throws Exception {
        this.redis = redis;
        this.postgres = postgres;
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            s.execute("CREATE TABLE " + TABLE + " (id int PRIMARY KEY, body text NOT NULL)");
            s.execute("INSERT INTO " + TABLE + " VALUES (1, 'the rebuilt value')");
        }
    }

    @AfterAll
    void dropTable() throws Exception {
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
        }
    }

    /** What the clients saw. */
    private static final class Labels {
        final AtomicInteger misses = new AtomicInteger();
        final AtomicInteger rebuilds = new AtomicInteger();
        volatile long triggerMillis;
    }

    /** How a client rebuilds, and what ends its run. */
    private record Workload(String key, boolean lock, int refillTtlSeconds, long runMillis) {
    }

    @Test
    void a_del_of_a_hot_key_is_an_invalidation_stampede() throws Exception {
        String key = "it:" + UUID.randomUUID() + ":product";
        Labels labels = new Labels();
        JsonNode report = record(new Workload(key, false, 600, 900), labels, seed(key), 300, trigger -> {
            labels.triggerMillis = System.currentTimeMillis();
            trigger.call("DEL", key);
        });
        JsonNode e = onlyAlarm(report, key);
        assertThat(e.path("kind").asText()).isEqualTo("invalidation-stampede");
        assertThat(e.path("trigger").path("command").asText()).isEqualTo("DEL");
        assertMatches(e, labels);
    }

    @Test
    void an_expiring_hot_key_is_a_ttl_herd() throws Exception {
        String key = "it:" + UUID.randomUUID() + ":feed";
        Labels labels = new Labels();
        JsonNode report = record(new Workload(key, false, 600, 1_200), labels, c -> {
            labels.triggerMillis = System.currentTimeMillis() + 700;
            c.call("SET", key, "v", "PX", "700");
        }, -1, null);
        JsonNode e = onlyAlarm(report, key);
        assertThat(e.path("kind").asText()).isEqualTo("ttl-herd");
        assertThat(e.path("trigger").path("cause").asText()).isEqualTo("ttl");
        assertMatches(e, labels);
    }

    @Test
    void a_rebuild_lock_coalesces_the_misses_into_one_rebuild_and_raises_no_alarm() throws Exception {
        String key = "it:" + UUID.randomUUID() + ":locked";
        Labels labels = new Labels();
        JsonNode report = record(new Workload(key, true, 600, 900), labels, seed(key), 300,
                trigger -> trigger.call("DEL", key));
        assertThat(labels.rebuilds.get()).isEqualTo(1);
        assertThat(labels.misses.get()).isGreaterThanOrEqualTo(3);
        assertThat(alarms(report)).isEmpty();
        List<JsonNode> coalesced = new ArrayList<>();
        report.path("events").forEach(coalesced::add);
        assertThat(coalesced).extracting(n -> n.path("kind").asText()).containsOnly("coalesced-refill");
    }

    @Test
    void write_through_overwrites_leave_no_miss_window() throws Exception {
        String key = "it:" + UUID.randomUUID() + ":written";
        Labels labels = new Labels();
        JsonNode report = record(new Workload(key, false, 600, 900), labels, seed(key), 300, trigger -> {
            for (int i = 0; i < 5; i++) {
                trigger.call("SET", key, "v" + i, "EX", "600");
                Thread.sleep(50);
            }
        });
        assertThat(labels.misses.get()).isZero();
        assertThat(report.path("events")).isEmpty();
    }

    // ------------------------------------------------------------------ the workload

    private interface Trigger {
        void fire(RespClient client) throws Exception;
    }

    /** Writes the key with a long TTL, so that only the scenario's trigger removes it. */
    private static Trigger seed(String key) {
        return c -> assertThat(c.call("SET", key, "v", "EX", "600")).as("seeding %s", key).isEqualTo("OK");
    }

    /**
     * Records MONITOR while {@link #CLIENTS} clients run the workload: {@code setup} runs first,
     * then the clients start and the trigger fires after {@code triggerAfterMillis} (none when
     * null). Returns the JSON report of the capture.
     */
    private JsonNode record(Workload w, Labels labels, Trigger setup, long triggerAfterMillis, Trigger trigger)
            throws Exception {
        Path capture = dir.resolve("capture.log");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (MonitorRecording monitor = MonitorRecording.start(redis)) {
            try (RespClient c = redis.connect()) {
                setup.fire(c);
            }
            long end = System.currentTimeMillis() + w.runMillis();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                Thread t = new Thread(() -> {
                    try {
                        client(w, labels, end);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "cache-client-" + i);
                t.start();
                threads.add(t);
            }
            if (trigger != null) {
                Thread.sleep(triggerAfterMillis);
                try (RespClient c = redis.connect()) {
                    trigger.fire(c);
                }
            }
            for (Thread t : threads) {
                t.join(w.runMillis() + 10_000);
                assertThat(t.isAlive()).as("client thread finished").isFalse();
            }
            Thread.sleep(100); // let the last MONITOR lines arrive
            Files.write(capture, monitor.stop());
        }
        assertThat(failure.get()).as("client failure").isNull();
        CliRun run = CliRun.of("analyze", "--format", "json", capture.toString());
        assertThat(run.exitCode()).as("%s", run.err()).isIn(ExitCode.OK, ExitCode.FOUND);
        JsonNode report = JSON.readTree(run.out());
        assertThat(run.exitCode() == ExitCode.FOUND).as("exit code agrees with the events")
                .isEqualTo(!alarms(report).isEmpty());
        return report;
    }

    /** One cache-aside client: GET; on a miss, (lock,) query PostgreSQL, SET. */
    private void client(Workload w, Labels labels, long end) throws Exception {
        try (RespClient r = redis.connect(); Connection db = postgres.connect();
             PreparedStatement query = db.prepareStatement(
                     "SELECT body, pg_sleep(?) FROM " + TABLE + " WHERE id = 1")) {
            query.setDouble(1, REBUILD_SLEEP_MILLIS / 1000.0);
            String token = UUID.randomUUID().toString();
            while (System.currentTimeMillis() < end) {
                Object value = r.call("GET", w.key());
                if (value == null) {
                    labels.misses.incrementAndGet();
                    if (w.lock() && !"OK".equals(r.call("SET", "lock:" + w.key(), token, "NX", "PX", "2000"))) {
                        Thread.sleep(10);
                        continue;
                    }
                    String body;
                    try (ResultSet rs = query.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        body = rs.getString(1);
                    }
                    r.call("SET", w.key(), body, "EX", String.valueOf(w.refillTtlSeconds()));
                    labels.rebuilds.incrementAndGet();
                    if (w.lock()) {
                        r.call("DEL", "lock:" + w.key());
                    }
                }
                Thread.sleep(2);
            }
        }
    }

    // ------------------------------------------------------------------ checks

    private static List<JsonNode> alarms(JsonNode report) {
        List<JsonNode> out = new ArrayList<>();
        report.path("events").forEach(e -> {
            if (e.path("kind").asText().equals("invalidation-stampede") || e.path("kind").asText().equals("ttl-herd")) {
                out.add(e);
            }
        });
        return out;
    }

    private static JsonNode onlyAlarm(JsonNode report, String key) {
        List<JsonNode> alarms = alarms(report);
        assertThat(alarms).as("alarms in %s", report.path("events")).hasSize(1);
        assertThat(alarms.get(0).path("key").asText()).isEqualTo(key);
        return alarms.get(0);
    }

    private static void assertMatches(JsonNode e, Labels labels) {
        double at = e.path("trigger").path("at").asDouble();
        assertThat(Math.abs(at * 1000 - labels.triggerMillis)).as("trigger within 1 s").isLessThan(1000);
        assertThat(labels.rebuilds.get()).as("the clients rebuilt several times").isGreaterThanOrEqualTo(3);
        assertWithin(e.path("misses").asLong(), labels.misses.get(), "misses");
        assertWithin(e.path("rebuilds").asLong(), labels.rebuilds.get(), "rebuilds");
    }

    private static void assertWithin(long found, long expected, String what) {
        long tolerance = Math.max(1, Math.round(expected * 0.05));
        assertThat(found).as("%s: found %d, clients saw %d", what, found, expected)
                .isBetween(expected - tolerance, expected + tolerance);
    }

    /** MONITOR on a plain socket, read on a thread of its own into memory (bounded). */
    private static final class MonitorRecording implements AutoCloseable {
        private final Socket socket;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Thread reader;

        private MonitorRecording(Socket socket) {
            this.socket = socket;
            this.reader = new Thread(this::read, "monitor-reader");
        }

        static MonitorRecording start(RedisServerHandle redis) throws IOException {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(redis.host(), redis.port()), 5_000);
            s.getOutputStream().write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] ok = new byte[5];
            InputStream in = s.getInputStream();
            int n = in.readNBytes(ok, 0, 5);
            assertThat(new String(ok, 0, n, StandardCharsets.US_ASCII)).isEqualTo("+OK\r\n");
            MonitorRecording m = new MonitorRecording(s);
            m.reader.start();
            return m;
        }

        private void read() {
            byte[] buf = new byte[1 << 16];
            try (InputStream in = socket.getInputStream()) {
                int n;
                while ((n = in.read(buf)) > 0 && bytes.size() < MAX_CAPTURE_BYTES) {
                    synchronized (bytes) {
                        bytes.write(buf, 0, n);
                    }
                }
            } catch (IOException e) {
                // closed by stop()
            }
        }

        byte[] stop() throws InterruptedException, IOException {
            socket.close();
            reader.join(5_000);
            synchronized (bytes) {
                return bytes.toByteArray();
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
