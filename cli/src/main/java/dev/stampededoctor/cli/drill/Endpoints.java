package dev.stampededoctor.cli.drill;

import dev.stampededoctor.cli.redis.RedisConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.SQLException;

/** Where the workload's connections come from: every client (or shared connection) opens its own. */
public interface Endpoints {
    default RedisConnection redis() throws IOException {
        return redis(null);
    }

    /** A Redis connection from the local address {@code localAddress} (null: any). */
    RedisConnection redis(InetAddress localAddress) throws IOException;

    /**
     * Whether Redis is reached over IPv4 loopback: then each shared-mode process binds a source
     * address of its own (127.0.0.21, .22, …) so that MONITOR shows one host per process.
     */
    default boolean redisOnLoopback() {
        return false;
    }

    Connection postgres() throws SQLException;
}
