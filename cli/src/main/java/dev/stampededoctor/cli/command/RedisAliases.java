package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.UsageException;
import dev.stampededoctor.cli.redis.RedisUrl;
import java.nio.file.Path;

/**
 * redis-cli's {@code -h HOST}, {@code -p PORT}, {@code -s SOCKET} and {@code -n DB} laid over a
 * URL: each replaces the part it names, the rest of the URL (credentials, TLS) stays. {@code -h}
 * or {@code -p} on a unix-socket URL make it TCP, the other from redis-cli's default.
 */
final class RedisAliases {
    private RedisAliases() {
    }

    static RedisUrl apply(RedisUrl u, String host, Integer port, String socket, Integer db) {
        if (socket != null && (host != null || port != null)) {
            // redis-cli quietly prefers -s; a command that touches production says which it took instead.
            throw new UsageException("-s names a unix socket, -h and -p a TCP host and port: give one or the other");
        }
        if (socket != null) {
            if (socket.isBlank()) {
                throw new UsageException("-s needs the path of Redis's unix socket, such as -s /run/redis/redis.sock");
            }
            // Absolute, so the URL shown in reports and in the commands we print means the same elsewhere.
            u = u.withSocket(Path.of(socket).toAbsolutePath().normalize().toString());
        }
        if (host != null) {
            String h = host.strip();
            if (h.startsWith("[") && h.endsWith("]")) {
                h = h.substring(1, h.length() - 1);
            }
            if (h.isEmpty() || h.contains("/") || h.contains("@")) {
                throw new UsageException("-h is the Redis host name or address, such as -h 127.0.0.1 (not '" + host
                        + "'; a URL goes to --redis, help is --help)");
            }
            u = u.withHost(h);
        }
        if (port != null) {
            if (port < 1 || port > 65535) {
                throw new UsageException("-p is a TCP port, 1 to 65535: " + port);
            }
            u = u.withPort(port);
        }
        if (db != null) {
            if (db < 0) {
                throw new UsageException("-n is a database number, 0 or more: " + db);
            }
            u = u.withDb(db);
        }
        return u;
    }
}
