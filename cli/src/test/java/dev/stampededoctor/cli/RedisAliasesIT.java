package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.cli.servers.RealServers;
import dev.stampededoctor.cli.servers.RedisServerHandle;
import dev.stampededoctor.cli.servers.RespClient;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** redis-cli's -h, -p and -n reach the server and database they name, alone or over a URL. */
@ExtendWith(RealServers.class)
class RedisAliasesIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void dash_h_dash_p_dash_n_reach_the_db_they_name(RedisServerHandle redis) throws Exception {
        String prefix = "alias:" + UUID.randomUUID() + ":";
        try (RespClient c = redis.connect()) {
            assertThat(c.call("SELECT", "1")).isEqualTo("OK");
            for (int i = 0; i < 30; i++) {
                c.call("SET", prefix + i, "v", "EX", "600");
            }
        }
        String port = String.valueOf(redis.port());
        String match = prefix + "*";
        assertThat(keys(CliRun.of("ttl-audit", "-h", redis.host(), "-p", port, "-n", "1", "--match", match,
                "-f", "json"))).isEqualTo(30);
        // Over a URL that names another db, -n wins (REDIS_URL likewise: RedisOptionsTest).
        assertThat(keys(CliRun.of("ttl-audit", "--redis", "redis://" + hostForUrl(redis) + ":" + port + "/0", "-n", "1",
                "--match", match, "-f", "json"))).isEqualTo(30);
        // db 0 has none of them.
        CliRun zero = CliRun.of("ttl-audit", "-h", redis.host(), "-p", port, "--match", match, "--allow-empty", "-f", "json");
        assertThat(keys(zero)).isZero();

        CliRun check = CliRun.of("check", "-h", redis.host(), "-p", port, "-n", "1", "-f", "json");
        assertThat(JSON.readTree(check.out()).path("target").path("redis").get(0).asText()).as("%s", check)
                .isEqualTo("redis://" + hostForUrl(redis) + ":" + port + "/1");
    }

    private static String hostForUrl(RedisServerHandle redis) {
        return redis.host().contains(":") ? "[" + redis.host() + "]" : redis.host();
    }

    /** The keys ttl-audit found in its patterns. */
    private static long keys(CliRun run) throws Exception {
        assertThat(run.exitCode()).as("%s", run).isIn(ExitCode.OK, ExitCode.FOUND);
        long keys = 0;
        for (JsonNode p : JSON.readTree(run.out()).path("patterns")) {
            keys += p.path("keys").asLong();
        }
        return keys;
    }
}
