package dev.stampededoctor.cli.servers;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Step 1 of the resolution: servers named by environment variables. This lets a developer or a CI
 * job that already runs Redis/PostgreSQL (a service container, a local install on another port)
 * skip starting anything. Only loopback hosts are accepted.
 */
public final class EnvironmentUrls {
    public static final String REDIS_VARIABLE = "STAMPEDE_DOCTOR_TEST_REDIS_URL";
    public static final String POSTGRES_VARIABLE = "STAMPEDE_DOCTOR_TEST_POSTGRES_URL";

    private EnvironmentUrls() {
    }

    /** {@code redis://host:port[/db]} from {@link #REDIS_VARIABLE}; empty when it is unset. */
    public static Optional<RedisServerHandle> redis(Map<String, String> env) {
        String value = env.get(REDIS_VARIABLE);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        URI uri = parse(REDIS_VARIABLE, value.trim(), "redis");
        if (uri.getRawUserInfo() != null) {
            throw invalid(REDIS_VARIABLE, value, "credentials are not supported; use a server without AUTH");
        }
        int db = 0;
        String path = uri.getPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            try {
                db = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw invalid(REDIS_VARIABLE, value, "the path must be a database number");
            }
        }
        String host = host(REDIS_VARIABLE, value, uri);
        int port = uri.getPort() < 0 ? 6379 : uri.getPort();
        return Optional.of(new RedisServerHandle(host, port, db, null, false, null, ServerOrigin.URL,
                REDIS_VARIABLE + " (" + value.trim() + ")"));
    }

    /** {@code postgresql://user:password@host:port/db} from {@link #POSTGRES_VARIABLE}; empty when unset. */
    public static Optional<PostgresServerHandle> postgres(Map<String, String> env) {
        String value = env.get(POSTGRES_VARIABLE);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        URI uri = parse(POSTGRES_VARIABLE, value.trim(), "postgresql", "postgres");
        String user = "postgres";
        String password = "";
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        }
        String path = uri.getPath();
        String database = path == null || path.length() <= 1 ? user : path.substring(1);
        String host = host(POSTGRES_VARIABLE, value, uri);
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String shown = value.trim().replaceFirst("(://[^:/@]*):[^@/]*@", "$1:***@");
        return Optional.of(new PostgresServerHandle(host, port, database, user, password, null,
                ServerOrigin.URL, POSTGRES_VARIABLE + " (" + shown + ")"));
    }

    private static URI parse(String variable, String value, String... schemes) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw invalid(variable, value, e.getMessage());
        }
        for (String scheme : schemes) {
            if (scheme.equalsIgnoreCase(uri.getScheme())) {
                return uri;
            }
        }
        throw invalid(variable, value, "the scheme must be " + String.join(" or ", schemes) + "://");
    }

    private static String host(String variable, String value, URI uri) {
        String host = uri.getHost();
        if (host == null) {
            throw invalid(variable, value, "no host");
        }
        if (!Hosts.isLoopback(host)) {
            throw invalid(variable, value, "the host must be a loopback address (127.0.0.1, ::1, localhost):"
                    + " the tests write and delete data");
        }
        return Hosts.normalize(host);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException invalid(String variable, String value, String why) {
        return new IllegalArgumentException(variable + "=" + value.replaceAll(":[^:@/]*@", ":***@") + " is unusable: " + why);
    }
}
