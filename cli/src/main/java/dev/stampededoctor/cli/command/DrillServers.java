package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.ConnectionException;
import dev.stampededoctor.cli.UsageException;
import dev.stampededoctor.cli.drill.ClusterPlacement;
import dev.stampededoctor.cli.drill.Endpoints;
import dev.stampededoctor.cli.postgres.PostgresUrl;
import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.RedisReplyException;
import dev.stampededoctor.cli.redis.RedisUrl;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The two servers of a drill: checked before anything is written, then every client's connections. */
final class DrillServers implements Endpoints {
    private final RedisOptions redis;
    private final RedisUrl target;
    private final PostgresUrl pg;

    DrillServers(RedisOptions redis, RedisUrl target, PostgresUrl pg) {
        this.redis = redis;
        this.target = target;
        this.pg = pg;
    }

    /**
     * Both servers answer and PostgreSQL has room for {@code clients}, before anything is written; on
     * a Redis Cluster node, where the drill's keys go (null elsewhere).
     */
    ClusterPlacement.Placement check(int clients) {
        ClusterPlacement.Placement placement;
        try (RedisConnection c = redis.connect(target)) {
            c.call("PING");
            placement = ClusterPlacement.of(c, target.withoutCredentials(), target.tls(), new SecureRandom());
        } catch (RedisReplyException e) {
            throw new ConnectionException("Redis at " + target + " refused PING: " + e.reply(), e);
        } catch (IOException e) {
            throw new ConnectionException("lost Redis at " + target + ": " + e.getMessage(), e);
        }
        int free;
        try (Connection c = pg.connect();
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT current_setting('max_connections')::int"
                     + " - current_setting('superuser_reserved_connections')::int - count(*) FROM pg_stat_activity")) {
            r.next();
            free = r.getInt(1);
        } catch (SQLException e) {
            throw new ConnectionException("cannot connect to PostgreSQL at " + pg + ": " + firstLine(e.getMessage()), e);
        }
        // Each client holds a connection, plus the setup, the writer and the pg_stat_activity sampler.
        if (clients + 3 > free) {
            throw new UsageException("PostgreSQL at " + pg + " has " + free + " free connection(s) and --clients " + clients
                    + " needs " + (clients + 3) + ": lower --clients or raise max_connections");
        }
        return placement;
    }

    @Override
    public RedisConnection redis(InetAddress localAddress) {
        return redis.connect(target, localAddress);
    }

    @Override
    public boolean redisOnLoopback() {
        if (target.unixSocket()) {
            return false; // no source address to choose
        }
        try {
            InetAddress a = InetAddress.getByName(target.host());
            return a instanceof Inet4Address && a.isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public Connection postgres() throws SQLException {
        return pg.connect();
    }

    /** PostgreSQL's messages can run to several lines (a hint, a position): the first says what failed. */
    static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
