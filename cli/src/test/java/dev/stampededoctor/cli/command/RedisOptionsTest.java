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
                .hasMessage("--redis URL is needed (or REDIS_URL in the environment)");
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
}
