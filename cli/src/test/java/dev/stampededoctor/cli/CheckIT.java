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
