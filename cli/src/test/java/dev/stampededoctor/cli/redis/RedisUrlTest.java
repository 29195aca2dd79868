package dev.stampededoctor.cli.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stampededoctor.cli.UsageException;
import org.junit.jupiter.api.Test;

class RedisUrlTest {
    @Test
    void reads_user_password_port_and_db_as_redis_cli_does() {
        RedisUrl u = RedisUrl.parse("rediss://ops:s3cret@cache:6380/2");
        assertThat(u).isEqualTo(new RedisUrl(true, "cache", 6380, "ops", "s3cret", 2));
        assertThat(u.toString()).isEqualTo("rediss://ops:***@cache:6380/2");
        // A lone userinfo is the password (redis-cli's reading); "user:" names a user and no password.
        assertThat(RedisUrl.parse("redis://s3cret@cache").password()).isEqualTo("s3cret");
        assertThat(RedisUrl.parse("redis://s3cret@cache").user()).isNull();
        RedisUrl user = RedisUrl.parse("redis://ops:@cache");
        assertThat(user.user()).isEqualTo("ops");
        assertThat(user.password()).isNull();
        assertThat(RedisUrl.parse("cache:7000")).isEqualTo(new RedisUrl(false, "cache", 7000, null, null, 0));
    }

    @Test
    void tells_a_lone_userinfo_apart() {
        assertThat(RedisUrl.loneUserinfo("redis://ops@cache:6379")).isTrue();
        assertThat(RedisUrl.loneUserinfo("redis://ops:@cache:6379")).isFalse();
        assertThat(RedisUrl.loneUserinfo("redis://ops:pw@cache")).isFalse();
        assertThat(RedisUrl.loneUserinfo("redis://cache")).isFalse();
    }

    @Test
    void a_malformed_url_is_one_usage_error_without_the_password() {
        assertThatThrownBy(() -> RedisUrl.parse("redis://ops:pw@cache:99999")).isInstanceOf(UsageException.class)
                .hasMessage("the port in a Redis URL is 1 to 65535: redis://***@cache:99999");
        assertThatThrownBy(() -> RedisUrl.parse("redis://cache:0")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> RedisUrl.parse("http://cache")).hasMessageContaining("redis:// or rediss://, or unix://");
        assertThatThrownBy(() -> RedisUrl.parse("redis://cache/x")).hasMessageContaining("db in a Redis URL");
    }

    @Test
    void reads_a_unix_socket_in_the_forms_of_redis_py_and_lettuce() {
        RedisUrl plain = RedisUrl.parse("unix:///run/redis.sock");
        assertThat(plain).isEqualTo(new RedisUrl(false, null, 0, "/run/redis.sock", null, null, 0));
        assertThat(plain.unixSocket()).isTrue();
        assertThat(plain).hasToString("unix:///run/redis.sock");
        assertThat(RedisUrl.parse("redis+unix:///run/redis.sock?db=3")).hasToString("unix:///run/redis.sock?db=3");
        assertThat(RedisUrl.parse("redis-socket:///run/redis.sock?database=4").db()).isEqualTo(4);
        assertThat(RedisUrl.parse("redis+socket:///run/redis.sock").socket()).isEqualTo("/run/redis.sock");
        assertThat(RedisUrl.parse("UNIX:///run/my%20redis.sock").socket()).isEqualTo("/run/my redis.sock");
    }

    @Test
    void a_unix_socket_takes_credentials_before_the_path_or_as_a_parameter() {
        RedisUrl both = RedisUrl.parse("unix://ops:s3cret@/run/redis.sock?db=2");
        assertThat(both.user()).isEqualTo("ops");
        assertThat(both.password()).isEqualTo("s3cret");
        assertThat(both).hasToString("unix://ops:***@/run/redis.sock?db=2");
        assertThat(both.withoutCredentials()).isEqualTo("unix:///run/redis.sock?db=2");
        // As for redis://: a lone userinfo is the password, "user:" a user without one.
        assertThat(RedisUrl.parse("unix://s3cret@/run/redis.sock").password()).isEqualTo("s3cret");
        assertThat(RedisUrl.parse("unix://ops:@/run/redis.sock").user()).isEqualTo("ops");
        RedisUrl query = RedisUrl.parse("unix:///run/redis.sock?password=p%40ss&db=1");
        assertThat(query.password()).isEqualTo("p@ss");
        assertThat(query.db()).isEqualTo(1);
        assertThat(query.toString()).doesNotContain("p@ss");
    }

    @Test
    void a_tcp_url_takes_the_db_and_password_parameters_too() {
        RedisUrl u = RedisUrl.parse("redis://cache:7000?db=5&password=s3cret");
        assertThat(u).isEqualTo(new RedisUrl(false, "cache", 7000, null, "s3cret", 5));
        assertThat(u.unixSocket()).isFalse();
    }

    @Test
    void a_malformed_unix_url_is_one_usage_error_without_the_password() {
        assertThatThrownBy(() -> RedisUrl.parse("unix://relative/redis.sock")).isInstanceOf(UsageException.class)
                .hasMessageContaining("absolute path");
        assertThatThrownBy(() -> RedisUrl.parse("unix://")).isInstanceOf(UsageException.class)
                .hasMessageContaining("absolute path");
        assertThatThrownBy(() -> RedisUrl.parse("unix:///")).hasMessageContaining("no socket path");
        assertThatThrownBy(() -> RedisUrl.parse("unix:/run/redis.sock")).hasMessageContaining("three slashes");
        assertThatThrownBy(() -> RedisUrl.parse("unix:")).hasMessageContaining("three slashes");
        assertThatThrownBy(() -> RedisUrl.parse("unix:///run/redis.sock?db=x")).hasMessageContaining("db in a Redis URL");
        assertThatThrownBy(() -> RedisUrl.parse("unix:///run/redis.sock?db=-1")).hasMessageContaining("not negative");
        assertThatThrownBy(() -> RedisUrl.parse("unix:///run/redis.sock?timeout=5s&password=s3cret"))
                .hasMessageContaining("unknown parameter 'timeout'").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> RedisUrl.parse("unix://:pw@/run/redis.sock?password=s3cret"))
                .hasMessageContaining("password is given twice").hasMessageNotContaining("s3cret")
                .hasMessageNotContaining("pw@");
        assertThatThrownBy(() -> RedisUrl.parse("unix://:%zz@/run/redis.sock")).hasMessageContaining("%-escape")
                .hasMessageNotContaining("%zz");
        assertThatThrownBy(() -> RedisUrl.parse("redis://cache/1?db=2")).hasMessageContaining("db is given twice");
        for (String bad : new String[] {"unix://relative", "unix:///", "unix:///s?db=x", "unix:///s?x=1"}) {
            assertThatThrownBy(() -> RedisUrl.parse(bad)).isInstanceOf(UsageException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void a_unix_socket_is_refused_where_tcp_is_needed_with_the_reason() {
        assertThatThrownBy(() -> RedisUrl.parse("unix:///run/redis.sock").requireTcp("--source tcpdump reads TCP packets"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--source tcpdump reads TCP packets, and unix:///run/redis.sock is a unix socket");
        RedisUrl tcp = RedisUrl.parse("redis://cache");
        assertThat(tcp.requireTcp("anything")).isSameAs(tcp);
    }

    @Test
    void the_url_in_a_printed_command_is_one_shell_word_without_credentials() {
        assertThat(RedisUrl.parse("redis://ops:pw@cache:6379/2").forCommandLine()).isEqualTo("redis://cache:6379/2");
        assertThat(RedisUrl.parse("unix://ops:pw@/run/redis.sock").forCommandLine()).isEqualTo("unix:///run/redis.sock");
        assertThat(RedisUrl.parse("unix:///run/redis.sock?db=2").forCommandLine()).isEqualTo("'unix:///run/redis.sock?db=2'");
        assertThat(RedisUrl.parse("redis://[::1]:6379").forCommandLine()).isEqualTo("'redis://[::1]:6379'");
        assertThat(RedisUrl.parse("unix:///tmp/it's%20here.sock").forCommandLine())
                .isEqualTo("'unix:///tmp/it'\\''s here.sock'");
    }
}
