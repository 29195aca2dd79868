package dev.stampededoctor.cli.redis;

import dev.stampededoctor.cli.UsageException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the URL forms of {@link RedisUrl}; every malformed one is a {@link UsageException} of one
 * line that never shows the password.
 *
 * <p>Unix sockets are written as the client libraries write them: redis-py's
 * {@code unix://[user[:pass]@]/path?db=N}, lettuce's {@code redis-socket:///path?database=N}
 * (and its {@code redis+socket}), and {@code redis+unix}. A lone userinfo is the password here as
 * in {@code redis://} (redis-cli's and lettuce's reading; redis-py would take it as the user):
 * {@code unix://ops:@/path} names a user.
 */
final class RedisUrlParser {
    private static final Set<String> UNIX_SCHEMES = Set.of("unix", "redis+unix", "redis-socket", "redis+socket");
    private static final String FORMS = "redis://[user[:pass]@]host[:port][/db] or unix:///path/to/redis.sock[?db=N]";

    private RedisUrlParser() {
    }

    static RedisUrl parse(String text) {
        String s = text.strip();
        int sep = s.indexOf("://");
        String scheme = sep < 0 ? "redis" : s.substring(0, sep).toLowerCase(Locale.ROOT);
        if (UNIX_SCHEMES.contains(scheme)) {
            return unix(text, s.substring(sep + 3));
        }
        int colon = s.indexOf(':');
        if (sep < 0 && colon > 0 && UNIX_SCHEMES.contains(s.substring(0, colon).toLowerCase(Locale.ROOT))) {
            // unix:/run/redis.sock would otherwise read as the host "unix" and a port.
            throw usage("a unix socket URL has three slashes before an absolute path, as in unix:///run/redis.sock: "
                    + RedisUrl.redactText(text));
        }
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw usage("not a Redis URL: " + RedisUrl.redactText(text) + " (the scheme must be redis:// or rediss://,"
                    + " or unix:// for a socket)");
        }
        return tcp(text, sep < 0 ? "redis://" + s : s, scheme.equals("rediss"));
    }

    private static RedisUrl tcp(String text, String s, boolean tls) {
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw usage("not a Redis URL: " + RedisUrl.redactText(text) + " (expected " + FORMS + ")");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw usage("no host in the Redis URL " + RedisUrl.redactText(text)
                    + (uri.getRawAuthority() == null ? "" : " (a unix socket is unix:///path/to/redis.sock)"));
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() < 0 ? RedisUrl.DEFAULT_PORT : uri.getPort();
        if (port < 1 || port > 65535) {
            throw usage("the port in a Redis URL is 1 to 65535: " + RedisUrl.redactText(text));
        }
        Query q = Query.parse(uri.getRawQuery(), text);
        Integer db = null;
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            db = number(path.substring(1), text);
        }
        if (db != null && q.db() != null) {
            throw usage("the db is given twice in the Redis URL " + RedisUrl.redactText(text) + ": /N or ?db=N, not both");
        }
        return credentials(uri.getRawUserInfo(), q, text)
                .apply(new RedisUrl(tls, host, port, null, null, db != null ? db : q.db() != null ? q.db() : 0));
    }

    private static RedisUrl unix(String text, String rest) {
        int question = rest.indexOf('?');
        String query = question < 0 ? null : rest.substring(question + 1);
        String location = question < 0 ? rest : rest.substring(0, question);
        String info = null;
        String path = location;
        if (!location.startsWith("/")) {
            // unix://user:pass@/path: the userinfo ends where the absolute path starts.
            int at = location.indexOf("@/");
            if (at < 0) {
                throw usage("the socket in a unix URL is an absolute path, as in unix:///run/redis.sock: "
                        + RedisUrl.redactText(text));
            }
            info = location.substring(0, at);
            path = location.substring(at + 1);
        }
        path = decode(path, text);
        if (path.length() < 2 || path.endsWith("/")) {
            throw usage("no socket path in the unix URL " + RedisUrl.redactText(text)
                    + " (expected unix:///path/to/redis.sock)");
        }
        Query q = Query.parse(query, text);
        return credentials(info, q, text).apply(new RedisUrl(false, null, 0, path, null, null,
                q.db() == null ? 0 : q.db()));
    }

    /** The user and password of a raw userinfo and a {@code ?password=}. */
    private static Credentials credentials(String info, Query q, String text) {
        String user = null;
        String password = null;
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            if (colon < 0) {
                // redis://secret@host is how many tools write a password without a user.
                password = decode(info, text);
            } else {
                user = colon == 0 ? null : decode(info.substring(0, colon), text);
                // redis://ops:@host names the user and leaves the password to --pass or REDISCLI_AUTH.
                password = colon == info.length() - 1 ? null : decode(info.substring(colon + 1), text);
            }
        }
        if (q.password() != null) {
            if (password != null) {
                throw usage("the password is given twice in the Redis URL " + RedisUrl.redactText(text)
                        + ": before @ or ?password=, not both");
            }
            password = q.password();
        }
        return new Credentials(user, password);
    }

    private record Credentials(String user, String password) {
        RedisUrl apply(RedisUrl u) {
            return u.withCredentials(user, password);
        }
    }

    /** The parameters of a URL's query that mean something here: the db and the password. */
    private record Query(Integer db, String password) {
        static Query parse(String raw, String text) {
            Integer db = null;
            String password = null;
            if (raw == null || raw.isEmpty()) {
                return new Query(null, null);
            }
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = (eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), text);
                switch (name) {
                    case "db", "database" -> db = number(value, text);
                    case "password" -> password = value.isEmpty() ? null : value;
                    default -> throw usage("unknown parameter '" + name + "' in the Redis URL "
                            + RedisUrl.redactText(text) + " (known: db, database, password)");
                }
            }
            return new Query(db, password);
        }
    }

    private static int number(String s, String text) {
        int db;
        try {
            db = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw usage("the db in a Redis URL is a number: " + RedisUrl.redactText(text));
        }
        if (db < 0) {
            throw usage("the db in a Redis URL is not negative: " + RedisUrl.redactText(text));
        }
        return db;
    }

    private static String decode(String s, String text) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw usage("a bad %-escape in the Redis URL " + RedisUrl.redactText(text));
        }
    }

    private static UsageException usage(String message) {
        return new UsageException(message);
    }
}
