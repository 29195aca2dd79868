package dev.stampededoctor.cli.drill;

import dev.stampededoctor.cli.redis.RedisConnection;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

/** Where the workload's connections come from: every client opens its own. */
public interface Endpoints {
    RedisConnection redis() throws IOException;

    Connection postgres() throws SQLException;
}
