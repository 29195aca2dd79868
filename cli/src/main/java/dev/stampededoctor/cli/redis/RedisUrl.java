package dev.stampededoctor.cli.redis;

import dev.stampededoctor.cli.UsageException;

/**
 * Where Redis is: a TCP host and port, the way redis-cli's {@code -u} takes it
 * ({@code redis://[user[:pass]@]host[:port][/db]}, {@code rediss://} for TLS, a bare
 * {@code host[:port]} too), or a unix socket ({@code unix:///run/redis.sock?db=N}, as redis-py
 * and lettuce write it). {@link RedisUrlParser} reads the forms; {@link #toString()} never shows
 * the password.
 *
 * @param host   the TCP host; null for a unix socket
 * @param port   the TCP port; 0 for a unix socket
 * @param socket the unix socket's path; null for TCP
 */
public record RedisUrl(boolean tls, String host, int port, String socket, String user, String password, int db) {
    public static final int DEFAULT_PORT = 6379;
    /** Where redis-cli connects when nothing names a server: -h and -p fill in from here. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** A TCP endpoint. */
    public RedisUrl(boolean tls, String host, int port, String user, String password, int db) {
        this(tls, host, port, null, user, password, db);
    }

    /** redis-cli's default, {@code 127.0.0.1:6379}. */
    public static RedisUrl localDefault() {
        return new RedisUrl(false, DEFAULT_HOST, DEFAULT_PORT, null, null, 0);
    }

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
        return RedisUrlParser.parse(text);
    }

    /** Whether this is a unix socket rather than a TCP host and port. */
    public boolean unixSocket() {
        return socket != null;
    }

    /**
     * Refuses a unix socket where a TCP host and port is needed: one usage line naming
     * {@code what} needs it and why.
     */
    public RedisUrl requireTcp(String what) {
        if (unixSocket()) {
            throw new UsageException(what + ", and " + this + " is a unix socket: give a TCP --redis"
                    + " redis://host:port (or -h HOST -p PORT)");
        }
        return this;
    }

    public RedisUrl withCredentials(String user, String password) {
        return new RedisUrl(tls, host, port, socket, user, password, db);
    }

    public RedisUrl withDb(int db) {
        return new RedisUrl(tls, host, port, socket, user, password, db);
    }

    public RedisUrl withTls(boolean tls) {
        return new RedisUrl(tls, host, port, socket, user, password, db);
    }

    /** TCP to {@code host}; the port stays when this was TCP already. */
    public RedisUrl withHost(String host) {
        return new RedisUrl(tls, host, unixSocket() ? DEFAULT_PORT : port, null, user, password, db);
    }

    /** TCP on {@code port}; the host stays when this was TCP already. */
    public RedisUrl withPort(int port) {
        return new RedisUrl(tls, unixSocket() ? DEFAULT_HOST : host, port, null, user, password, db);
    }

    /** The unix socket at {@code path} instead of any host and port. */
    public RedisUrl withSocket(String path) {
        return new RedisUrl(tls, null, 0, path, user, password, db);
    }

    /** The same credentials, TLS and db at another address: a cluster node found from this seed. */
    public RedisUrl withAddress(String host, int port) {
        return new RedisUrl(tls, host, port, user, password, db);
    }

    /** {@code redis://host:port[/db]}: for command lines we print for the user to run. */
    public String withoutCredentials() {
        return withCredentials(null, null).toString();
    }

    /**
     * {@link #withoutCredentials()} as one shell word, for the commands we print: quoted when it
     * holds what a shell would expand ({@code ?db=2} of a socket and the brackets of an IPv6
     * host are globs, which zsh refuses when nothing matches; a path may hold spaces).
     */
    public String forCommandLine() {
        String s = withoutCredentials();
        return s.matches("[A-Za-z0-9_/:.,@%+=-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * The URL without any password, safe for output and logs: {@code redis://host:port/db} or
     * {@code unix:///path?db=N}, each in a form {@link #parse} reads back.
     */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(unixSocket() ? "unix://" : tls ? "rediss://" : "redis://");
        if (user != null) {
            b.append(user);
            b.append(password != null ? ":***@" : "@");
        } else if (password != null) {
            b.append("***@");
        }
        if (unixSocket()) {
            b.append(socket);
            return db == 0 ? b.toString() : b.append("?db=").append(db).toString();
        }
        b.append(host.contains(":") ? "[" + host + "]" : host).append(':').append(port);
        if (db != 0) {
            b.append('/').append(db);
        }
        return b.toString();
    }

    /** {@code text} with anything between {@code ://} and {@code @}, and any password parameter, replaced. */
    static String redactText(String text) {
        String s = text.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
        int scheme = s.indexOf("://");
        int at = s.lastIndexOf('@');
        if (at < 0) {
            return s;
        }
        int from = scheme < 0 ? 0 : scheme + 3;
        return at > from ? s.substring(0, from) + "***" + s.substring(at) : s;
    }
}
