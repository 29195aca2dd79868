package dev.stampededoctor.cli.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampededoctor.cli.servers.RealServers;
import dev.stampededoctor.cli.servers.RedisServerHandle;
import dev.stampededoctor.cli.servers.RespClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
    void the_first_of_two_overlapping_subscriptions_to_end_leaves_the_second_its_events() throws Exception {
        StringWriter firstErr = new StringWriter();
        StringWriter secondErr = new StringWriter();
        try (RedisConnection c1 = connect(); RedisConnection s1 = connect(); RedisConnection c2 = connect();
             RedisConnection s2 = connect(); RespClient c = redis.connect()) {
            KeyspaceNotifications first = KeyspaceNotifications.start(c1, s1, redis.db(), new PrintWriter(firstErr, true));
            KeyspaceNotifications second = KeyspaceNotifications.start(c2, s2, redis.db(),
                    new PrintWriter(secondErr, true), KeyEventStream.FLAGS, null);
            assertThat(second.previous()).as("the second reads the first's setting").isEqualTo(first.applied());
            String secondApplied = setting(c);
            assertThat(secondApplied).isNotEqualTo(first.applied());

            first.restore();
            assertThat(setting(c)).as("the second subscription still gets its events").isEqualTo(secondApplied);
            assertThat(firstErr.toString()).contains("is now '" + secondApplied + "'", "left as it is",
                    "Before stampede-doctor it was 'lK'");
            c.call("DEL", "it:keyspace-notifications:absent");
            c.call("GET", "it:keyspace-notifications:absent");
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (second.counts().getOrDefault("keymiss", 0L) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(second.counts()).as("the second's events after the first ended").containsKey("keymiss");

            second.restore();
            assertThat(setting(c)).as("the second puts back what it found").isEqualTo(first.applied());
            assertThat(secondErr.toString()).contains("put back to '" + first.applied() + "'");
        }
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
