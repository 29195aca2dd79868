package dev.stampededoctor.cli.servers;

import java.nio.file.Path;

/**
 * How a test reaches the Redis server {@link RealServers} provided.
 *
 * @param host        a loopback address (tests must never touch a server elsewhere)
 * @param port        TCP port on {@code host}
 * @param db          the database named by the URL (0 unless a URL said otherwise)
 * @param unixSocket  the server's unix socket when we started the server ourselves, else null
 * @param ipv6Loopback true when the server also listens on {@code [::1]:port}
 * @param version     the server version when known before connecting (from {@code --version}), else null
 * @param origin      which resolution step provided it
 * @param description where the server came from, for failure messages and logs
 */
public record RedisServerHandle(
        String host,
        int port,
        int db,
        Path unixSocket,
        boolean ipv6Loopback,
        String version,
        ServerOrigin origin,
        String description) {

    /** {@code redis://host:port/db}. */
    public String url() {
        return "redis://" + Hosts.forUrl(host) + ":" + port + "/" + db;
    }

    /** A new client on the TCP port; the caller closes it. */
    public RespClient connect() throws java.io.IOException {
        return RespClient.tcp(host, port);
    }
}
