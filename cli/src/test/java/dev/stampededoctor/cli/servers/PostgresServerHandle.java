package dev.stampededoctor.cli.servers;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * How a test reaches the PostgreSQL server {@link RealServers} provided.
 *
 * @param host        a loopback address
 * @param port        TCP port on {@code host}
 * @param database    database to connect to
 * @param user        role to connect as
 * @param password    its password; empty for servers we started with trust authentication
 * @param version     the server version when known before connecting, else null
 * @param origin      which resolution step provided it
 * @param description where the server came from
 */
public record PostgresServerHandle(
        String host,
        int port,
        String database,
        String user,
        String password,
        String version,
        ServerOrigin origin,
        String description) {

    /** {@code jdbc:postgresql://host:port/database}, without credentials (pass {@link #user()}, {@link #password()}). */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + Hosts.forUrl(host) + ":" + port + "/" + database;
    }

    /** {@code postgresql://user[:password]@host:port/database}, the libpq form (psql, the tool's options). */
    public String url() {
        String credentials = encode(user) + (password.isEmpty() ? "" : ":" + encode(password));
        return "postgresql://" + credentials + "@" + Hosts.forUrl(host) + ":" + port + "/" + encode(database);
    }

    /** A new JDBC connection; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
