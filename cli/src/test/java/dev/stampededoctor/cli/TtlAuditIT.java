package dev.stampededoctor.cli;

import static dev.stampededoctor.cli.KeyspaceFixtures.keys;
import static dev.stampededoctor.cli.KeyspaceFixtures.letters;
import static dev.stampededoctor.cli.KeyspaceFixtures.seed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampededoctor.cli.servers.RealServers;
import dev.stampededoctor.cli.servers.RedisServerHandle;
import dev.stampededoctor.cli.servers.RespClient;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code ttl-audit} on a real keyspace: a pattern written at once with one TTL (clustered), one
 * written at once with TTLs jittered by ±20 % (not), and keys without a TTL.
 */
@ExtendWith(RealServers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TtlAuditIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RedisServerHandle redis;
    private String prefix;

    @BeforeAll
    void seedKeyspace(RedisServerHandle redis) throws Exception {
        this.redis = redis;
        this.prefix = "it" + letters();
        Random random = new Random(5);
        try (RespClient c = redis.connect()) {
            if (redis.db() != 0) {
                c.call("SELECT", String.valueOf(redis.db()));
            }
            seed(c, keys(prefix + ":session:%032x", 500), i -> 120_000L);
            seed(c, keys(prefix + ":user:%d:profile", 500), i -> 120_000L + random.nextInt(48_001) - 24_000);
            seed(c, keys(prefix + ":config:%d", 50), i -> 0L);
        }
    }

    private JsonNode pattern(JsonNode report, String glob) {
        for (JsonNode p : report.path("patterns")) {
            if (p.path("pattern").asText().equals(glob)) {
                return p;
            }
        }
        throw new AssertionError("no pattern " + glob + " in " + report.path("patterns"));
    }

    @Test
    void a_database_the_server_does_not_have_is_a_usage_error() {
        String url = redis.url().replaceFirst("/\\d+$", "/99");
        CliRun run = CliRun.of("ttl-audit", "--redis", url);
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("has no database 99").hasLineCount(1);
    }

    @Test
    void finds_the_cluster_and_only_it_and_exits_1() throws Exception {
        CliRun run = CliRun.of("ttl-audit", "--redis", redis.url(), "--match", prefix + ":*", "--format", "json");
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.FOUND);
        JsonNode report = JSON.readTree(run.out());
        StampedDocuments.assertStamped(report, 1, "redis");
        assertThat(report.path("scanned").asLong()).isEqualTo(1_050);
        assertThat(report.path("durationMs").asLong()).isNotNegative();
        assertThat(report.path("patterns")).hasSize(3);

        JsonNode session = pattern(report, prefix + ":session:*");
        assertThat(session.path("keys").asLong()).isEqualTo(500);
        assertThat(session.path("withoutTtl").asLong()).isZero();
        assertThat(session.path("ttl").path("max").asLong()).isBetween(100_000L, 120_000L);
        assertThat(session.path("ttl").path("max").asLong() - session.path("ttl").path("min").asLong()).isLessThan(2_000);
        assertThat(session.path("clustered").asBoolean()).isTrue();
        assertThat(session.path("clusters").get(0).path("keys").asInt()).isEqualTo(500);
        assertThat(session.path("recommendation").path("spreadPercent").asInt()).isPositive();
        assertThat(session.path("recommendation").path("command").asText())
                .contains("jitter plan", "--match '" + prefix + ":session:*'").doesNotContain("***");

        JsonNode users = pattern(report, prefix + ":user:*:profile");
        assertThat(users.path("keys").asLong()).isEqualTo(500);
        assertThat(users.path("clustered").asBoolean()).isFalse();
        assertThat(users.path("recommendation").isNull()).isTrue();
        assertThat(users.path("ttl").path("min").asLong()).isBetween(80_000L, 100_000L);
        assertThat(users.path("distinctTtls").asInt()).isGreaterThan(20);

        JsonNode config = pattern(report, prefix + ":config:*");
        assertThat(config.path("keys").asLong()).isEqualTo(50);
        assertThat(config.path("withoutTtl").asLong()).isEqualTo(50);
        assertThat(config.path("ttl").isNull()).isTrue();
        assertThat(config.path("clustered").asBoolean()).isFalse();
    }

    @Test
    void fail_on_rules_decide_the_exit_code_and_a_match_of_nothing_is_exit_2() throws Exception {
        CliRun failing = CliRun.of("ttl-audit", "--redis", redis.url(), "--match", prefix + ":*", "-f", "json",
                "--fail-on", "cluster-share>20%", "--fail-on", "no-ttl>1000");
        assertThat(failing.exitCode()).as("%s", failing).isEqualTo(ExitCode.FOUND);
        JsonNode checks = JSON.readTree(failing.out()).path("checks");
        assertThat(checks).hasSize(2);
        assertThat(checks.get(0).path("rule").asText()).isEqualTo("cluster-share>20%");
        assertThat(checks.get(0).path("failed").asBoolean()).isTrue();
        assertThat(checks.get(0).path("value").asDouble()).isEqualTo(100.0); // every session key in one cluster
        assertThat(checks.get(0).path("pattern").asText()).isEqualTo(prefix + ":session:*");
        assertThat(checks.get(1).path("failed").asBoolean()).isFalse();
        assertThat(checks.get(1).path("value").asDouble()).isEqualTo(50.0); // the config keys
        assertThat(failing.err()).contains("rule failed: cluster-share>20% (measured 100.0 on " + prefix + ":session:*)")
                .doesNotContain("no-ttl>1000");

        // With rules, they alone decide: the session cluster is still there but no rule covers it.
        CliRun passing = CliRun.of("ttl-audit", "--redis", redis.url(), "--match", prefix + ":*", "-f", "text",
                "--fail-on", "cluster-share[" + prefix + ":user:*]>20%", "--fail-on", "no-ttl-share>=5%");
        assertThat(passing.exitCode()).as("%s", passing).isEqualTo(ExitCode.OK);
        assertThat(passing.out()).contains("Rules (--fail-on): 0 of 2 failed.", "no-ttl-share>=5%: 4.8");

        CliRun bad = CliRun.of("ttl-audit", "--redis", redis.url(), "--fail-on", "cluster-share>>2");
        assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.err().strip()).doesNotContain("\n").contains("--fail-on", "METRIC[GLOB]OP VALUE");

        CliRun typo = CliRun.of("ttl-audit", "--redis", redis.url(), "--match", prefix + ":sesion:*", "-f", "json");
        assertThat(typo.exitCode()).as("%s", typo).isEqualTo(ExitCode.USAGE);
        assertThat(typo.err()).contains("matched no key", "--allow-empty");
        assertThat(JSON.readTree(typo.out()).path("scanned").asLong()).isZero();
        CliRun accepted = CliRun.of("ttl-audit", "--redis", redis.url(), "--match", prefix + ":sesion:*", "-f", "json",
                "--allow-empty");
        assertThat(accepted.exitCode()).as("%s", accepted).isEqualTo(ExitCode.OK);
    }

    @Test
    void types_and_memory_only_when_asked_and_every_format_renders() throws Exception {
        CliRun plain = CliRun.of("ttl-audit", "--redis", redis.url(), "--match", prefix + ":config:*", "-f", "json");
        assertThat(plain.exitCode()).as("%s", plain).isEqualTo(ExitCode.OK);
        assertThat(JSON.readTree(plain.out()).path("patterns").get(0).has("types")).isFalse();

        CliRun detailed = CliRun.of("ttl-audit", "--redis", redis.url(), "--match", prefix + ":config:*", "-f", "json",
                "--types", "--memory");
        JsonNode p = JSON.readTree(detailed.out()).path("patterns").get(0);
        assertThat(p.path("types").path("string").asLong()).isEqualTo(50);
        assertThat(p.path("memoryBytes").asLong()).isGreaterThan(50);

        CliRun text = CliRun.of("ttl-audit", "--redis", redis.url(), "--match", prefix + ":*", "-f", "text");
        assertThat(text.out()).contains("Scanned 1,050 keys", "CLUSTERED " + prefix + ":session:*", "fix: spread");
        CliRun csv = CliRun.of("ttl-audit", "--redis", redis.url(), "--match", prefix + ":*", "-f", "csv");
        List<String> rows = csv.out().lines().toList();
        assertThat(rows.get(0)).startsWith("pattern,keys,withoutTtl,").endsWith(",generatedAt,target,db");
        assertThat(rows).hasSize(4);
        String stamp = ",redis://" + redis.url().substring("redis://".length()).replaceAll("/0$", "") + "," + redis.db();
        assertThat(rows.subList(1, 4)).allMatch(r -> r.matches(".*,\\d{4}-\\d\\d-\\d\\dT[^,]*Z" + java.util.regex.Pattern.quote(stamp)));
        assertThat(text.out().lines().findFirst().orElse("")).startsWith("TTL audit of redis://").contains(" db " + redis.db() + ", 20");
        CliRun md = CliRun.of("ttl-audit", "--redis", redis.url(), "--match", prefix + ":*", "-f", "markdown");
        assertThat(md.out()).contains("# TTL audit", "| `" + prefix + ":session:*` | 500 |");
    }

    @Test
    void an_unreachable_server_is_exit_3_in_one_line_without_the_password() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // free, and closed again before the tool connects
        }
        CliRun run = CliRun.of("ttl-audit", "--redis", "redis://ops:s3cret@127.0.0.1:" + port, "--connect-timeout", "2s");
        assertThat(run.exitCode()).isEqualTo(ExitCode.CONNECTION);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("redis://ops:***@127.0.0.1:" + port).doesNotContain("s3cret");
    }

    @Test
    void a_wrong_password_is_exit_3_and_bad_flags_exit_2() {
        CliRun wrong = CliRun.of("ttl-audit", "--redis", redis.url(), "--pass", "not-the-password");
        assertThat(wrong.exitCode()).as("%s", wrong).isEqualTo(ExitCode.CONNECTION);
        assertThat(wrong.err()).doesNotContain("not-the-password");
        assertThat(CliRun.of("ttl-audit", "--redis", "http://x").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(CliRun.of("ttl-audit", "--redis", redis.url(), "--window", "soon").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(CliRun.of("ttl-audit", "--redis", redis.url(), "--cluster-factor", "0.5").exitCode())
                .isEqualTo(ExitCode.USAGE);
    }
}
