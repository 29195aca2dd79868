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
        assertThatThrownBy(() -> RedisUrl.parse("http://cache")).hasMessageContaining("redis:// or rediss://");
        assertThatThrownBy(() -> RedisUrl.parse("redis://cache/x")).hasMessageContaining("db in a Redis URL");
    }
}
