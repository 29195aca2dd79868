package dev.stampededoctor.cli.redis.sentinel;

import dev.stampededoctor.cli.UsageException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Sentinel-managed Redis, as lettuce and redis-py write it:
 * {@code redis-sentinel://[[user:]pass@]host[:port][,host2[:port2]…]/MASTER} (or
 * {@code …[/db]#MASTER}, or {@code ?sentinelMasterId=MASTER}); {@code rediss-sentinel://} for TLS
 * to the data nodes. The credentials and db are the data nodes'; sentinels default to port 26379.
 */
public record SentinelUrl(List<String> hosts, List<Integer> ports, String master, String user, String password,
        int db, boolean tls) {
    public static final int DEFAULT_PORT = 26379;
    private static final String FORM = "redis-sentinel://[[user:]pass@]host[:port][,host[:port]…]/MASTER";

    /** Whether {@code text} is a sentinel URL at all (any other is left to the Redis URL parser). */
    public static boolean is(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        return s.startsWith("redis-sentinel://") || s.startsWith("rediss-sentinel://");
    }

    public static SentinelUrl parse(String text) {
        String s = text.strip();
        boolean tls = s.toLowerCase(Locale.ROOT).startsWith("rediss-");
        String rest = s.substring(s.indexOf("://") + 3);
        String master = null;
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            master = decode(rest.substring(hash + 1));
            rest = rest.substring(0, hash);
        }
        int query = rest.indexOf('?');
        if (query >= 0) {
            for (String p : rest.substring(query + 1).split("&")) {
                if (p.startsWith("sentinelMasterId=")) {
                    master = decode(p.substring("sentinelMasterId=".length()));
                } else if (!p.isEmpty()) {
                    throw new UsageException("unknown parameter '" + p.replaceFirst("=.*", "") + "' in the Sentinel URL "
                            + redact(text) + " (" + FORM + ")");
                }
            }
            rest = rest.substring(0, query);
        }
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String info = rest.substring(0, at);
            int colon = info.indexOf(':');
            if (colon < 0) {
                password = decode(info);
            } else {
                user = colon == 0 ? null : decode(info.substring(0, colon));
                password = colon == info.length() - 1 ? null : decode(info.substring(colon + 1));
            }
            rest = rest.substring(at + 1);
        }
        int db = 0;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            String path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
            if (path.matches("\\d+")) {
                db = Integer.parseInt(path);
            } else if (!path.isEmpty()) {
                if (master != null) {
                    throw new UsageException("the master is named twice in " + redact(text) + " (" + FORM + ")");
                }
                master = decode(path);
            }
        }
        if (master == null || master.isBlank()) {
            throw new UsageException("no master name in the Sentinel URL " + redact(text) + " (" + FORM + ")");
        }
        List<String> hosts = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (String hp : rest.split(",")) {
            if (hp.isBlank()) {
                throw new UsageException("no sentinel host in " + redact(text) + " (" + FORM + ")");
            }
            String host = hp;
            String portText = null;
            if (hp.startsWith("[")) {
                int close = hp.indexOf(']');
                host = close < 0 ? hp : hp.substring(1, close);
                portText = close >= 0 && hp.length() > close + 1 && hp.charAt(close + 1) == ':' ? hp.substring(close + 2)
                        : null;
            } else if (hp.indexOf(':') >= 0 && hp.indexOf(':') == hp.lastIndexOf(':')) {
                host = hp.substring(0, hp.indexOf(':'));
                portText = hp.substring(hp.indexOf(':') + 1);
            }
            int port = DEFAULT_PORT;
            if (portText != null) {
                try {
                    port = Integer.parseInt(portText);
                } catch (NumberFormatException e) {
                    throw new UsageException("not a port: '" + portText + "' in " + redact(text));
                }
            }
            if (port < 1 || port > 65_535) {
                throw new UsageException("a sentinel port is 1 to 65535: " + redact(text));
            }
            hosts.add(host);
            ports.add(port);
        }
        return new SentinelUrl(List.copyOf(hosts), List.copyOf(ports), master, user, password, db, tls);
    }

    /** {@code redis-sentinel://h1:26379,h2:26379/MASTER}, without credentials: how messages name it. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(tls ? "rediss-sentinel://" : "redis-sentinel://");
        if (password != null || user != null) {
            b.append(user == null ? "" : user).append(password == null ? "@" : (user == null ? "" : ":") + "***@");
        }
        for (int i = 0; i < hosts.size(); i++) {
            String h = hosts.get(i);
            b.append(i == 0 ? "" : ",").append(h.indexOf(':') >= 0 ? "[" + h + "]" : h).append(':').append(ports.get(i));
        }
        b.append('/').append(master);
        return b.toString();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String redact(String text) {
        int scheme = text.indexOf("://");
        int at = text.lastIndexOf('@');
        return at > scheme && scheme >= 0 ? text.substring(0, scheme + 3) + "***" + text.substring(at) : text;
    }
}
