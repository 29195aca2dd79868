package dev.stampededoctor.cli.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The servers the other integration tests rely on are real, answer, and are the versions we
 * think; and the last-resort step (binaries shipped in test jars) works here, as root, even
 * though this machine would normally pick its installed binaries first.
 */
@ExtendWith(RealServers.class)
class RealServersIT {
    private static final Pattern REDIS_VERSION = Pattern.compile("\r\nredis_version:(\\S+)\r\n");

    @Test
    void redisAnswersPingAndReportsItsVersion(RedisServerHandle redis) throws Exception {
        assertThat(Hosts.isLoopback(redis.host())).as("host %s", redis.host()).isTrue();
        assertThat(redis.url()).isEqualTo("redis://" + Hosts.forUrl(redis.host()) + ":" + redis.port() + "/" + redis.db());
        String version = pingAndVersion(redis);
        if (redis.version() != null) {
            assertThat(version).as(redis.description()).isEqualTo(redis.version());
        }
        if (redis.origin() == ServerOrigin.LOCAL) {
            // This project's machines have Redis 7.0; MONITOR ordering facts need >= 6.2.4 anyway.
            assertThat(RedisProcess.major(version)).as(redis.description()).isGreaterThanOrEqualTo(7);
        }
        if (redis.origin() == ServerOrigin.EMBEDDED) {
            assertThat(version).as(redis.description()).startsWith("6.2.");
        }
    }

    @Test
    void redisStartedByUsAlsoAnswersOnItsUnixSocket(RedisServerHandle redis) throws Exception {
        if (redis.unixSocket() == null) {
            assertThat(redis.origin()).isIn(ServerOrigin.URL, ServerOrigin.DOCKER);
            return;
        }
        assertThat(Files.exists(redis.unixSocket())).as("%s", redis.unixSocket()).isTrue();
        try (RespClient client = RespClient.unix(redis.unixSocket())) {
            assertThat(client.call("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void postgresAnswersOverJdbcAndIsVersion15(PostgresServerHandle postgres) throws Exception {
        assertThat(Hosts.isLoopback(postgres.host())).as("host %s", postgres.host()).isTrue();
        assertThat(postgres.jdbcUrl()).startsWith("jdbc:postgresql://").endsWith(":" + postgres.port() + "/" + postgres.database());
        assertThat(postgres.url()).startsWith("postgresql://" + postgres.user());
        int versionNum = serverVersionNum(postgres);
        assertThat(versionNum).as(postgres.description()).isBetween(150000, 159999);
        if (postgres.version() != null) {
            assertThat(versionNum / 10000).isEqualTo(Integer.parseInt(postgres.version().split("\\.")[0]));
        }
    }

    @Test
    void sameServersAreSharedAcrossTests(RedisServerHandle first, RedisServerHandle second,
                                         PostgresServerHandle pg1, PostgresServerHandle pg2) {
        assertThat(second).isSameAs(first);
        assertThat(pg2).isSameAs(pg1);
    }

    /** Step 4 called directly: the jar-shipped redis-server starts here, answers, and is deleted afterwards. */
    @Test
    void embeddedRedisFromTheJarStarts() throws Exception {
        Path dir;
        try (StartedServer<RedisServerHandle> server = RedisResolver.embedded()) {
            RedisServerHandle redis = server.handle();
            assertThat(redis.origin()).isEqualTo(ServerOrigin.EMBEDDED);
            assertThat(redis.description()).contains(EmbeddedBinaries.REDIS_RESOURCE);
            assertThat(pingAndVersion(redis)).startsWith("6.2.");
            try (RespClient client = RespClient.unix(redis.unixSocket())) {
                assertThat(client.call("PING")).isEqualTo("PONG");
            }
            dir = redis.unixSocket().getParent();
            assertThat(dir).isDirectory();
        }
        assertThat(dir).doesNotExist();
    }

    /** Step 4 for PostgreSQL: unpacked from the jar's tar.xz, started (through runuser when root), deleted afterwards. */
    @Test
    void embeddedPostgresFromTheJarStarts() throws Exception {
        try (StartedServer<PostgresServerHandle> server = PostgresResolver.embedded()) {
            PostgresServerHandle postgres = server.handle();
            assertThat(postgres.origin()).isEqualTo(ServerOrigin.EMBEDDED);
            assertThat(postgres.description()).contains(EmbeddedBinaries.POSTGRES_RESOURCE);
            if (PostgresOsUser.isRoot()) {
                assertThat(postgres.description()).contains("runuser");
            }
            assertThat(serverVersionNum(postgres)).isBetween(150000, 159999);
        }
    }

    private static String pingAndVersion(RedisServerHandle redis) throws Exception {
        try (RespClient client = redis.connect()) {
            assertThat(client.call("PING")).isEqualTo("PONG");
            String info = client.callForText("INFO", "server");
            Matcher m = REDIS_VERSION.matcher(info);
            assertThat(m.find()).as("redis_version in INFO server:%n%s", info).isTrue();
            return m.group(1);
        }
    }

    private static int serverVersionNum(PostgresServerHandle postgres) throws Exception {
        try (Connection c = postgres.connect();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select current_setting('server_version_num')")) {
            assertThat(rs.next()).isTrue();
            return Integer.parseInt(rs.getString(1));
        }
    }
}
