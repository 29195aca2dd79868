package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.cli.servers.PostgresServerHandle;
import dev.stampededoctor.cli.servers.RealServers;
import dev.stampededoctor.cli.servers.RedisServerHandle;
import dev.stampededoctor.cli.servers.RespClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code check} on real servers, with full rights and with an ACL user that may not MONITOR. */
@ExtendWith(RealServers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RedisServerHandle redis;
    private PostgresServerHandle postgres;

    @BeforeAll
    void servers(RedisServerHandle redis, PostgresServerHandle postgres) {
        this.redis = redis;
        this.postgres = postgres;
    }

    private static JsonNode check(JsonNode result, String server, String name) {
        for (JsonNode c : result.path("checks")) {
            if (c.path("server").asText().equals(server) && c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + server + "/" + name + " in " + result);
    }

    @Test
    void full_rights_are_full_visibility() throws Exception {
        CliRun run = CliRun.of("check", "--redis", redis.url(), "--postgres", postgres.url(), "-f", "json");
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.OK);
        JsonNode result = JSON.readTree(run.out());
        assertThat(StampedDocuments.assertStamped(result, 1, "redis").path("postgres").asText()).startsWith("postgresql://");
        assertThat(result.path("ready").asBoolean()).isTrue();
        assertThat(check(result, "redis", "MONITOR").path("ok").asBoolean()).isTrue();
        assertThat(check(result, "redis", "server").path("detail").asText()).contains("role master");
        assertThat(check(result, "postgres", "server").path("detail").asText()).startsWith("PostgreSQL ");
        assertThat(check(result, "postgres", "pg_read_all_stats").path("ok").asBoolean()).isTrue();
        assertThat(CliRun.of("check", "--redis", redis.url()).out()).contains("✓ redis", "full visibility");
    }

    @Test
    void a_user_without_monitor_but_with_pubsub_is_told_scan_can_read_keyspace_events() throws Exception {
        String user = "sd-it-events-" + System.nanoTime();
        try (RespClient c = redis.connect()) {
            assertThat(c.call("ACL", "SETUSER", user, "on", ">it-secret", "~*", "&*", "+@all", "-monitor"))
                    .isEqualTo("OK");
        }
        try {
            String url = redis.url().replace("redis://", "redis://" + user + ":it-secret@");
            CliRun run = CliRun.of("check", "--redis", url, "-f", "json");
            assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.FOUND);
            JsonNode result = JSON.readTree(run.out());
            assertThat(check(result, "redis", "MONITOR").path("ok").asBoolean()).isFalse();
            assertThat(check(result, "redis", "source events").path("ok").asBoolean()).isTrue();
            CliRun text = CliRun.of("check", "--redis", url);
            assertThat(text.out()).contains("scan and watch cannot read MONITOR", "--source events (keyspace events)");
        } finally {
            try (RespClient c = redis.connect()) {
                c.call("ACL", "DELUSER", user);
            }
        }
    }

    @Test
    void a_user_allowed_little_gets_every_check_and_the_truth_about_what_can_run() throws Exception {
        String user = "sd-it-little-" + System.nanoTime();
        try (RespClient c = redis.connect()) {
            assertThat(c.call("ACL", "SETUSER", user, "on", ">it-secret", "~*", "&*", "+@read", "+scan", "+info",
                    "-client", "-acl", "-monitor", "-config")).isEqualTo("OK");
        }
        try {
            String url = redis.url().replace("redis://", "redis://" + user + ":it-secret@");
            CliRun run = CliRun.of("check", "--redis", url, "-f", "json");
            assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.FOUND);
            JsonNode result = JSON.readTree(run.out());
            assertThat(check(result, "redis", "user").path("detail").asText()).startsWith(user + " (as connected");
            assertThat(check(result, "redis", "CLIENT ID").path("ok").asBoolean()).isFalse();
            assertThat(check(result, "redis", "CLIENT LIST").path("ok").asBoolean()).isFalse();
            assertThat(check(result, "redis", "MONITOR").path("ok").asBoolean()).isFalse();
            assertThat(check(result, "redis", "SCAN").path("ok").asBoolean()).isTrue();
            // Without +@pubsub no keyspace events either; tcpdump is here (CI runs as root with it installed).
            assertThat(check(result, "redis", "source events").path("ok").isNull()).isTrue();
            assertThat(check(result, "redis", "source events").path("detail").asText()).contains("cannot subscribe");
            assertThat(check(result, "local", "source tcpdump").path("ok").asBoolean()).isTrue();
            CliRun text = CliRun.of("check", "--redis", url);
            assertThat(text.out()).contains("scan and watch cannot read MONITOR", "but can with --source tcpdump",
                    "ttl-audit can").doesNotContain("--source events").doesNotContain("scan can run")
                    .doesNotContain("it-secret");
        } finally {
            try (RespClient c = redis.connect()) {
                c.call("ACL", "DELUSER", user);
            }
        }
    }

    @Test
    void an_unreachable_postgres_is_exit_3_after_the_redis_checks() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // free, and closed again before the tool connects
        }
        CliRun run = CliRun.of("check", "--redis", redis.url(), "--postgres", "postgresql://ops@127.0.0.1:" + port + "/db",
                "-f", "json");
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.CONNECTION);
        JsonNode result = JSON.readTree(run.out());
        assertThat(check(result, "redis", "MONITOR").path("ok").asBoolean()).isTrue();
        assertThat(check(result, "postgres", "connection").path("ok").asBoolean()).isFalse();
        assertThat(run.err().lines()).hasSize(1).allMatch(l -> l.startsWith("stampede-doctor: postgres: cannot connect"));
        CliRun port99999 = CliRun.of("check", "--redis", "redis://127.0.0.1:99999");
        assertThat(port99999.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(port99999.err().strip()).isEqualTo("stampede-doctor: the port in a Redis URL is 1 to 65535:"
                + " redis://127.0.0.1:99999");
    }

    @Test
    void a_user_without_monitor_is_named_by_check_and_refused_by_scan() throws Exception {
        String user = "sd-it-" + System.nanoTime();
        try (RespClient c = redis.connect()) {
            assertThat(c.call("ACL", "SETUSER", user, "on", ">it-secret", "~*", "&*", "+@all", "-monitor")).isEqualTo("OK");
        }
        try {
            String url = redis.url().replace("redis://", "redis://" + user + ":it-secret@");
            CliRun run = CliRun.of("check", "--redis", url, "-f", "json");
            assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.FOUND);
            StampedDocuments.assertStamped(JSON.readTree(run.out()), 1, "redis");
            JsonNode monitor = check(JSON.readTree(run.out()), "redis", "MONITOR");
            assertThat(monitor.path("ok").asBoolean()).isFalse();
            assertThat(monitor.path("detail").asText()).contains("+monitor");
            assertThat(run.out()).doesNotContain("it-secret");

            CliRun scan = CliRun.of("scan", "--redis", url, "--duration", "1s");
            assertThat(scan.exitCode()).isEqualTo(ExitCode.CONNECTION);
            assertThat(scan.err().lines()).hasSize(1);
            assertThat(scan.err()).contains("refused MONITOR", "+monitor").doesNotContain("it-secret");
        } finally {
            try (RespClient c = redis.connect()) {
                c.call("ACL", "DELUSER", user);
            }
        }
    }
}
