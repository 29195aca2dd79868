package dev.stampededoctor.cli.postgres;

import dev.stampededoctor.cli.UsageException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * Where PostgreSQL is: a libpq URI ({@code postgresql://[user[:pass]@]host[:port]/db[?sslmode=…]})
 * or a JDBC URL ({@code jdbc:postgresql://…}). Missing parts come from {@code PGHOST},
 * {@code PGPORT}, {@code PGDATABASE}, {@code PGUSER}, {@code PGPASSWORD} and {@code PGSSLMODE};
 * without a password pgjdbc reads {@code ~/.pgpass} (or {@code PGPASSFILE}). {@link #toString()}
 * never shows the password.
 */
public record PostgresUrl(String jdbcUrl, String host, int port, String database, String user, String password,
        String display) {

    public static PostgresUrl parse(String text, Map<String, String> env) {
        String s = text.strip();
        if (s.startsWith("jdbc:")) {
            s = s.substring(5);
        }
        if (s.startsWith("postgres://")) {
            s = "postgresql://" + s.substring("postgres://".length());
        }
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw new UsageException("not a PostgreSQL URL: " + redact(text));
        }
        if (!"postgresql".equalsIgnoreCase(uri.getScheme())) {
            throw new UsageException("not a PostgreSQL URL: " + redact(text) + " (expected postgresql://host/db)");
        }
        String host = uri.getHost() != null ? uri.getHost() : env.getOrDefault("PGHOST", "localhost");
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // URI keeps an IPv6 literal's brackets
        }
        int port;
        try {
            port = uri.getPort() > 0 ? uri.getPort() : Integer.parseInt(env.getOrDefault("PGPORT", "5432").strip());
        } catch (NumberFormatException e) {
            throw new UsageException("PGPORT is not a port: " + env.get("PGPORT"));
        }
        if (port < 1 || port > 65535) {
            throw new UsageException("the port in a PostgreSQL URL is 1 to 65535: " + redact(text));
        }
        String path = uri.getPath();
        String database = path != null && path.length() > 1 ? decode(path.substring(1)) : env.get("PGDATABASE");
        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        if (user == null && query.contains("user=")) {
            user = param(query, "user");
        }
        if (password == null && query.contains("password=")) {
            password = param(query, "password");
        }
        user = user != null ? user : env.getOrDefault("PGUSER", System.getProperty("user.name"));
        password = password != null ? password : env.get("PGPASSWORD");
        StringBuilder params = new StringBuilder();
        for (String p : query.isEmpty() ? new String[0] : query.split("&")) {
            if (!p.startsWith("user=") && !p.startsWith("password=")) {
                params.append(params.length() == 0 ? "?" : "&").append(p);
            }
        }
        if (!query.contains("sslmode=") && env.containsKey("PGSSLMODE")) {
            params.append(params.length() == 0 ? "?" : "&").append("sslmode=").append(env.get("PGSSLMODE"));
        }
        String hostPart = host.contains(":") ? "[" + host + "]" : host;
        String db = database == null ? "" : database;
        String jdbc = "jdbc:postgresql://" + hostPart + ":" + port + "/" + db + params;
        String display = "postgresql://" + (user == null ? "" : user + (password != null ? ":***" : "") + "@") + hostPart
                + ":" + port + "/" + db;
        return new PostgresUrl(jdbc, host, port, database, user, password, display);
    }

    /**
     * pgjdbc logs through java.util.logging to stderr (e.g. "WARNING: JDBC URL port: 99999 not
     * valid"): the tool says what went wrong in its own one-line errors instead. Held here so the
     * logger, and its level, are not collected; set up on the first connection only, because
     * java.util.logging's start-up (about 10 ms) would otherwise be paid by every command.
     */
    private static final class DriverLog {
        static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger("org.postgresql");

        static {
            LOG.setLevel(java.util.logging.Level.OFF);
        }
    }

    /** A connection with {@link #properties()}, pgjdbc's own logging silenced. */
    public java.sql.Connection connect() throws java.sql.SQLException {
        DriverLog.LOG.getLevel(); // initialises the holder before pgjdbc can log
        return java.sql.DriverManager.getConnection(jdbcUrl, properties());
    }

    /** What pgjdbc needs beside the URL: credentials and bounded waits. */
    public Properties properties() {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("ApplicationName", "stampede-doctor");
        p.setProperty("connectTimeout", "5");
        p.setProperty("loginTimeout", "5");
        p.setProperty("socketTimeout", "10");
        return p;
    }

    private static String param(String query, String name) {
        for (String p : query.split("&")) {
            if (p.startsWith(name + "=")) {
                return decode(p.substring(name.length() + 1));
            }
        }
        return null;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    static String redact(String text) {
        return text.replaceAll("(://[^:/@]*):[^@/]*@", "$1:***@").replaceAll("password=[^&]*", "password=***");
    }

    /** {@code postgresql://host:port/db}: no user, no password, no parameters. */
    public String withoutCredentials() {
        return "postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/"
                + (database == null ? "" : database);
    }

    @Override
    public String toString() {
        return display;
    }
}
