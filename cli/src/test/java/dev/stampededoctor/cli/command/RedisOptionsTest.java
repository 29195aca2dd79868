package dev.stampededoctor.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stampededoctor.cli.UsageException;
import dev.stampededoctor.cli.redis.RedisUrl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RedisOptionsTest {
    @CommandLine.Command(name = "probe")
    static final class Probe {
        @CommandLine.Mixin
        RedisOptions redis;
    }

    private final StringWriter err = new StringWriter();

    private RedisOptions parse(Map<String, String> env, String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).setErr(new PrintWriter(err, true)).parseArgs(args);
        probe.redis.environment(env);
        return probe.redis;
    }

    @Test
    void redis_url_from_the_environment_when_no_option_names_one() {
        RedisUrl u = parse(Map.of("REDIS_URL", "redis://cache:7000/3")).target();
        assertThat(u).isEqualTo(new RedisUrl(false, "cache", 7000, null, null, 3));
        assertThatThrownBy(() -> parse(Map.of()).target()).isInstanceOf(UsageException.class)
                .hasMessage("a Redis to connect to is needed: --redis URL, -h HOST [-p PORT], -s SOCKET, or REDIS_URL in the"
                        + " environment");
        assertThat(parse(Map.of("REDIS_URL", "redis://other"), "--redis", "redis://cache").target().host())
                .isEqualTo("cache");
    }

    @Test
    void a_lone_userinfo_with_rediscli_auth_set_is_a_warning_that_names_the_ambiguity() {
        RedisUrl u = parse(Map.of("REDISCLI_AUTH", "s3cret"), "--redis", "redis://ops@cache:6379").target();
        assertThat(u.password()).isEqualTo("ops");
        assertThat(err.toString()).contains("warning", "takes what is before @ as the password", "REDISCLI_AUTH",
                "redis://USER:@host").doesNotContain("s3cret").doesNotContain("ops@");
        assertThat(err.toString().lines()).hasSize(1);

        err.getBuffer().setLength(0);
        RedisUrl user = parse(Map.of("REDISCLI_AUTH", "s3cret"), "--redis", "redis://ops:@cache:6379").target();
        assertThat(user.user()).isEqualTo("ops");
        assertThat(user.password()).isEqualTo("s3cret");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void redis_cli_host_and_port_alone_fill_in_redis_cli_defaults() {
        assertThat(parse(Map.of(), "-h", "cache").target()).hasToString("redis://cache:6379");
        assertThat(parse(Map.of(), "-p", "7000").target()).hasToString("redis://127.0.0.1:7000");
        assertThat(parse(Map.of(), "-h", "::1", "-p", "7000", "-n", "2").target()).hasToString("redis://[::1]:7000/2");
        assertThat(parse(Map.of(), "-h127.0.0.1", "-p7001").target()).hasToString("redis://127.0.0.1:7001");
    }

    @Test
    void the_short_options_override_the_part_of_the_url_they_name() {
        // redis-cli -u redis://x:1/2 -n 3 selects db 3; here the option wins in any order.
        assertThat(parse(Map.of(), "--redis", "redis://x:1/2", "-n", "3").target()).hasToString("redis://x:1/3");
        assertThat(parse(Map.of(), "-n", "3", "--redis", "redis://x:1/2").target()).hasToString("redis://x:1/3");
        assertThat(parse(Map.of("REDIS_URL", "rediss://ops:pw@cache:6380/4"), "-h", "other").target())
                .isEqualTo(new RedisUrl(true, "other", 6380, "ops", "pw", 4));
        assertThat(parse(Map.of("REDIS_URL", "redis://ops:pw@cache/4"), "-p", "7000").target())
                .isEqualTo(new RedisUrl(false, "cache", 7000, "ops", "pw", 4));
        RedisUrl socket = parse(Map.of("REDIS_URL", "redis://ops:pw@cache/4"), "-s", "/run/redis.sock").target();
        assertThat(socket).isEqualTo(new RedisUrl(false, null, 0, "/run/redis.sock", "ops", "pw", 4));
        assertThat(parse(Map.of(), "--redis", "unix:///run/redis.sock?db=1", "-h", "cache").target())
                .hasToString("redis://cache:6379/1");
        assertThat(parse(Map.of(), "-s", "/run/redis.sock", "-n", "5").target()).hasToString("unix:///run/redis.sock?db=5");
    }

    @Test
    void a_password_with_dash_a_overrides_the_url_and_warns_once_unless_told_not_to() {
        RedisOptions o = parse(Map.of(), "--redis", "redis://old@cache", "-a", "s3cret");
        assertThat(o.target().password()).isEqualTo("s3cret");
        o.target();
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).contains("warning", "-a", "REDISCLI_AUTH", "--no-auth-warning")
                .doesNotContain("s3cret");

        err.getBuffer().setLength(0);
        assertThat(parse(Map.of(), "-h", "cache", "--pass", "s3cret", "--no-auth-warning").target().password())
                .isEqualTo("s3cret");
        assertThat(err.toString()).isEmpty();
        assertThat(parse(Map.of("REDISCLI_AUTH", "env"), "-h", "cache").target().password()).isEqualTo("env");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void a_bad_alias_value_is_one_usage_line() {
        for (String[] args : new String[][] {{"-p", "0"}, {"-p", "65536"}, {"-h", "cache", "-n", "-1"},
                {"-s", "/run/redis.sock", "-h", "cache"}, {"-s", "/run/redis.sock", "-p", "7000"}, {"-h", "redis://cache"},
                {"-h", ""}, {"-s", " "}, {"-s", "/run/redis.sock", "--tls"}, {"--redis", "unix:///run/redis.sock", "--cacert", "ca.pem"}}) {
            assertThatThrownBy(() -> parse(Map.of(), args).target()).as(String.join(" ", args))
                    .isInstanceOf(UsageException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        assertThatThrownBy(() -> parse(Map.of(), "-p", "0").target()).hasMessage("-p is a TCP port, 1 to 65535: 0");
        // A refused command line is its one line: no warning about -a before it.
        err.getBuffer().setLength(0);
        assertThatThrownBy(() -> parse(Map.of(), "-s", "/run/redis.sock", "-a", "pw", "--tls").target())
                .isInstanceOf(UsageException.class);
        assertThat(err.toString()).isEmpty();
    }
}
