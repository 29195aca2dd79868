package dev.stampededoctor.cli.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.cli.servers.RealServers;
import dev.stampededoctor.cli.servers.RedisServerHandle;
import dev.stampededoctor.cli.servers.RespClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code notify-keyspace-events} is left at on a real Redis when two subscriptions overlap
 * (two operators' scans, a scan beside the exporter) and when a connection is lost before the
 * setting could be put back.
 */
@ExtendWith(RealServers.class)
class KeyspaceNotificationsIT {
    private RedisServerHandle redis;
    private String before;

    @BeforeEach
    void setting(RedisServerHandle redis) throws IOException {
        this.redis = redis;
        try (RespClient c = redis.connect()) {
            c.callForOk("CONFIG", "SET", "notify-keyspace-events", "Kl");
            before = setting(c);
        }
        assertThat(before).isEqualTo("lK");
    }

    @AfterEach
    void putBack() throws IOException {
        try (RespClient c = redis.connect()) {
            c.callForOk("CONFIG", "SET", "notify-keyspace-events", "");
        }
    }

    @Test
    void the_first_of_two_overlapping_subscriptions_to_end_leaves_the_second_its_events_and_the_last_puts_back_the_original()
            throws Exception {
        StringWriter firstErr = new StringWriter();
        StringWriter secondErr = new StringWriter();
        try (RedisConnection c1 = connect(); RedisConnection s1 = connect(); RedisConnection c2 = connect();
             RedisConnection s2 = connect(); RespClient c = redis.connect()) {
            KeyspaceNotifications first = KeyspaceNotifications.start(c1, s1, redis.db(), new PrintWriter(firstErr, true));
            KeyspaceNotifications second = KeyspaceNotifications.start(c2, s2, redis.db(),
                    new PrintWriter(secondErr, true), KeyEventStream.FLAGS, null);
            assertThat(second.previous()).as("the second takes the value the first found").isEqualTo(before);
            String secondApplied = setting(c);
            assertThat(secondApplied).isNotEqualTo(first.applied());

            first.restore();
            assertThat(setting(c)).as("the second subscription still gets its events").isEqualTo(secondApplied);
            assertThat(firstErr.toString()).contains("left as it is: another stampede-doctor still reads the events",
                    "puts back 'lK'");
            assertKeymissReaches(second, c);

            second.restore();
            assertThat(setting(c)).as("the last puts back the value before both").isEqualTo(before);
            assertThat(secondErr.toString()).contains("put back to 'lK'");
        }
    }

    @Test
    void a_subscription_that_needed_no_change_still_puts_back_the_original_when_it_is_the_last() throws Exception {
        StringWriter err = new StringWriter();
        try (RedisConnection c1 = connect(); RedisConnection s1 = connect(); RedisConnection c2 = connect();
             RedisConnection s2 = connect(); RespClient c = redis.connect()) {
            KeyspaceNotifications first = KeyspaceNotifications.start(c1, s1, redis.db(), new PrintWriter(err, true),
                    KeyEventStream.FLAGS, null);
            String applied = setting(c);
            // The same flags: the second changes nothing, and the first's restore must not blind it.
            KeyspaceNotifications second = KeyspaceNotifications.start(c2, s2, redis.db(), new PrintWriter(err, true),
                    KeyEventStream.FLAGS, null);
            assertThat(setting(c)).isEqualTo(applied);
            assertThat(err.toString()).contains("as another stampede-doctor reading the events (");

            first.restore();
            assertThat(setting(c)).as("the second still reads").isEqualTo(applied);
            assertKeymissReaches(second, c);

            second.restore();
            assertThat(setting(c)).isEqualTo(before);
        }
    }

    @Test
    void when_the_later_subscription_ends_first_the_earlier_puts_back_the_original_over_the_letters_both_added()
            throws Exception {
        StringWriter err = new StringWriter();
        try (RedisConnection c1 = connect(); RedisConnection s1 = connect(); RedisConnection c2 = connect();
             RedisConnection s2 = connect(); RespClient c = redis.connect()) {
            KeyspaceNotifications first = KeyspaceNotifications.start(c1, s1, redis.db(), new PrintWriter(err, true));
            KeyspaceNotifications second = KeyspaceNotifications.start(c2, s2, redis.db(), new PrintWriter(err, true),
                    KeyEventStream.FLAGS, null);
            String both = setting(c);
            second.restore();
            assertThat(setting(c)).as("the first still reads, with the second's letters too").isEqualTo(both);

            first.restore();
            assertThat(setting(c)).isEqualTo(before);
        }
    }

    @Test
    void a_change_by_an_operator_meanwhile_is_left_as_it_is() throws Exception {
        StringWriter err = new StringWriter();
        try (RedisConnection c1 = connect(); RedisConnection s1 = connect(); RespClient c = redis.connect()) {
            KeyspaceNotifications n = KeyspaceNotifications.start(c1, s1, redis.db(), new PrintWriter(err, true));
            c.callForOk("CONFIG", "SET", "notify-keyspace-events", n.applied() + "t");
            String theirs = setting(c);
            n.restore();
            assertThat(setting(c)).isEqualTo(theirs);
            assertThat(err.toString()).contains("someone changed it since, so it is left as it is",
                    "Before stampede-doctor it was 'lK'");
        }
    }

    @Test
    void a_run_killed_before_it_could_put_the_setting_back_leaves_the_next_run_the_original(@TempDir Path state)
            throws Exception {
        Path firstErr = state.resolve("killed.err");
        // A separate JVM stopped with SIGKILL, as the OOM killer or a container's hard stop does: no hook runs.
        Process killed = scan(state, "60s").redirectError(firstErr.toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!Files.readString(firstErr).contains("changed from") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(Files.readString(firstErr)).contains("changed from 'lK'");
        } finally {
            killed.destroyForcibly();
            assertThat(killed.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        String leftover;
        try (RespClient c = redis.connect()) {
            leftover = setting(c);
        }
        assertThat(leftover).as("no hook ran").isNotEqualTo(before);
        Path journal = state.resolve("notify-keyspace-events");
        try (var files = Files.list(journal)) {
            assertThat(files.count()).as("the killed run's entry").isEqualTo(1);
        }

        Path nextErr = state.resolve("next.err");
        Process next = scan(state, "1s").redirectError(nextErr.toFile()).start();
        assertThat(next.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(nextErr)).contains("is still '" + leftover + "', as a stampede-doctor run killed"
                + " before it could put it back (pid " + killed.pid(), "put back to 'lK'");
        try (RespClient c = redis.connect()) {
            assertThat(setting(c)).as("the original, not the leftover").isEqualTo(before);
        }
        try (var files = Files.list(journal)) {
            assertThat(files.count()).as("nothing left to put back").isZero();
        }
    }

    private ProcessBuilder scan(Path state, String duration) {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dstampede-doctor.state-dir=" + state, "-cp", System.getProperty("java.class.path"),
                dev.stampededoctor.cli.Main.class.getName(), "scan", "--redis", redis.url(), "--source", "events",
                "--duration", duration, "--format", "json")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    }

    @Test
    void an_operators_value_made_of_this_tools_letters_only_is_left_as_it_is() throws Exception {
        StringWriter err = new StringWriter();
        try (RedisConnection c1 = connect(); RedisConnection s1 = connect(); RespClient c = redis.connect()) {
            KeyspaceNotifications n = KeyspaceNotifications.start(c1, s1, redis.db(), new PrintWriter(err, true));
            c.callForOk("CONFIG", "SET", "notify-keyspace-events", "Ex"); // expiries only, on purpose
            n.restore();
            assertThat(setting(c)).isEqualTo("xE");
            assertThat(err.toString()).contains("someone changed it since, so it is left as it is");
        }
    }

    private static void assertKeymissReaches(KeyspaceNotifications n, RespClient c) throws Exception {
        c.call("DEL", "it:keyspace-notifications:absent");
        c.call("GET", "it:keyspace-notifications:absent");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (n.counts().getOrDefault("keymiss", 0L) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(n.counts()).as("events after the other ended").containsKey("keymiss");
    }

    @Test
    void a_setting_a_lost_connection_left_goes_back_to_the_original_with_the_next_subscription() throws Exception {
        StringWriter err = new StringWriter();
        try (RespClient c = redis.connect()) {
            KeyspaceNotifications.Unrestored left;
            try (RedisConnection c1 = connect(); RedisConnection s1 = connect()) {
                KeyspaceNotifications lost = KeyspaceNotifications.start(c1, s1, redis.db(), new PrintWriter(err, true),
                        KeyEventStream.FLAGS, null);
                c.call("CLIENT", "KILL", "ID", String.valueOf(c1.call("CLIENT", "ID")));
                lost.restore();
                left = lost.unrestored();
            }
            assertThat(err.toString()).contains("COULD NOT put notify-keyspace-events back to 'lK'");
            assertThat(left).isNotNull();
            assertThat(setting(c)).as("the lost connection's change stays").isEqualTo(left.applied());

            try (RedisConnection c2 = connect(); RedisConnection s2 = connect()) {
                KeyspaceNotifications next = KeyspaceNotifications.start(c2, s2, redis.db(), new PrintWriter(err, true),
                        KeyEventStream.FLAGS, null, left);
                assertThat(next.previous()).isEqualTo("lK");
                assertThat(err.toString()).contains("is still '" + left.applied() + "', as the lost connection left it");
                next.restore();
                assertThat(next.unrestored()).isNull();
            }
            assertThat(setting(c)).as("the original, not the leftover").isEqualTo(before);
        }
    }

    private RedisConnection connect() throws IOException {
        return RedisConnection.open(RedisUrl.parse(redis.url()), TlsOptions.system(), Duration.ofSeconds(5),
                Duration.ofSeconds(5));
    }

    private static String setting(RespClient c) throws IOException {
        List<?> reply = (List<?>) c.call("CONFIG", "GET", "notify-keyspace-events");
        Object value = reply.get(1);
        return value instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(value);
    }
}
