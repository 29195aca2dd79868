package dev.stampededoctor.cli.redis.sentinel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stampededoctor.cli.UsageException;
import org.junit.jupiter.api.Test;

class SentinelUrlTest {
    @Test
    void reads_the_forms_lettuce_and_redis_py_write() {
        SentinelUrl a = SentinelUrl.parse("redis-sentinel://s1:26380,s2,[::1]:26381/mymaster");
        assertThat(a.hosts()).containsExactly("s1", "s2", "::1");
        assertThat(a.ports()).containsExactly(26380, 26379, 26381);
        assertThat(a.master()).isEqualTo("mymaster");
        assertThat(a.db()).isZero();
        SentinelUrl b = SentinelUrl.parse("rediss-sentinel://ops:s3cr%40t@s1/2#cache");
        assertThat(b.master()).isEqualTo("cache");
        assertThat(b.db()).isEqualTo(2);
        assertThat(b.user()).isEqualTo("ops");
        assertThat(b.password()).isEqualTo("s3cr@t");
        assertThat(b.tls()).isTrue();
        assertThat(b.toString()).isEqualTo("rediss-sentinel://ops:***@s1:26379/cache").doesNotContain("s3cr");
        assertThat(SentinelUrl.parse("redis-sentinel://s1?sentinelMasterId=m").master()).isEqualTo("m");
        assertThat(SentinelUrl.is("redis://x")).isFalse();
    }

    @Test
    void a_malformed_one_is_one_line_without_the_password() {
        assertThatThrownBy(() -> SentinelUrl.parse("redis-sentinel://:pw@s1:26379")).isInstanceOf(UsageException.class)
                .hasMessageContaining("no master name").hasMessageNotContaining("pw@");
        assertThatThrownBy(() -> SentinelUrl.parse("redis-sentinel://s1:x/m")).isInstanceOf(UsageException.class)
                .hasMessageContaining("not a port");
        assertThatThrownBy(() -> SentinelUrl.parse("redis-sentinel://s1/m?timeout=5s")).isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown parameter 'timeout'");
    }
}
