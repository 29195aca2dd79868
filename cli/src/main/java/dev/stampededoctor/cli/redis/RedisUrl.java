package dev.stampededoctor.cli.redis;

import dev.stampededoctor.cli.UsageException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where Redis is, the way redis-cli's {@code -u} takes it: {@code redis://[user[:pass]@]host[:port][/db]},
 * {@code rediss://} for TLS; a bare {@code host[:port]} is accepted too. {@link #toString()}
 * never shows the password.
 */
public record RedisUrl(boolean tls, String host, int port, String user, String password, int db) {
    public static final int DEFAULT_PORT = 6379;

    /**
     * Whether {@code text} has a userinfo without a colon ({@code redis://ops@host}): redis-cli, and
     * so this tool, take it as the password, though many a reader means a user.
     */
    public static boolean loneUserinfo(String text) {
        int scheme = text.indexOf("://");
        int at = text.lastIndexOf('@');
        int from = scheme < 0 ? 0 : scheme + 3;
        return at > from && text.substring(from, at).indexOf(':') < 0;
    }

    public static RedisUrl parse(String text) {
        String s = text.strip();
        if (!s.contains("://")) {
            s = "redis://" + s;
        }
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw new UsageException("not a Redis URL: " + redactText(text) + " (expected redis://[user[:pass]@]host[:port][/db])");
        }
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new UsageException("not a Redis URL: " + redactText(text) + " (the scheme must be redis:// or rediss://)");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new UsageException("no host in the Redis URL " + redactText(text));
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        if (port < 1 || port > 65535) {
            throw new UsageException("the port in a Redis URL is 1 to 65535: " + redactText(text));
        }
        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            if (colon < 0) {
                // redis://secret@host is how many tools write a password without a user.
                password = decode(info);
            } else {
                user = colon == 0 ? null : decode(info.substring(0, colon));
                // redis://ops:@host names the user and leaves the password to --pass or REDISCLI_AUTH.
                password = colon == info.length() - 1 ? null : decode(info.substring(colon + 1));
            }
        }
        int db = 0;
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            try {
                db = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new UsageException("the db in a Redis URL is a number: " + redactText(text));
            }
            if (db < 0) {
                throw new UsageException("the db in a Redis URL is not negative: " + redactText(text));
            }
        }
        return new RedisUrl(scheme.equals("rediss"), host, port, user, password, db);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    public RedisUrl withCredentials(String user, String password) {
        return new RedisUrl(tls, host, port, user, password, db);
    }

    public RedisUrl withDb(int db) {
        return new RedisUrl(tls, host, port, user, password, db);
    }

    public RedisUrl withTls(boolean tls) {
        return new RedisUrl(tls, host, port, user, password, db);
    }

    /** The same credentials, TLS and db at another address: a cluster node found from this seed. */
    public RedisUrl withAddress(String host, int port) {
        return new RedisUrl(tls, host, port, user, password, db);
    }

    /** {@code redis://host:port[/db]}: for command lines we print for the user to run. */
    public String withoutCredentials() {
        return new RedisUrl(tls, host, port, null, null, db).toString();
    }

    /** The URL without any password, safe for output and logs. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(tls ? "rediss://" : "redis://");
        if (user != null) {
            b.append(user);
            b.append(password != null ? ":***@" : "@");
        } else if (password != null) {
            b.append("***@");
        }
        b.append(host.contains(":") ? "[" + host + "]" : host).append(':').append(port);
        if (db != 0) {
            b.append('/').append(db);
        }
        return b.toString();
    }

    /** {@code text} with anything between {@code ://} and {@code @} replaced, for error messages. */
    static String redactText(String text) {
        int scheme = text.indexOf("://");
        int at = text.lastIndexOf('@');
        if (at < 0) {
            return text;
        }
        int from = scheme < 0 ? 0 : scheme + 3;
        return at > from ? text.substring(0, from) + "***" + text.substring(at) : text;
    }
}
