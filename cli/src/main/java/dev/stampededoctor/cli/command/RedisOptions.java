package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.ConnectionException;
import dev.stampededoctor.cli.UsageException;
import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.RedisReplyException;
import dev.stampededoctor.cli.redis.RedisUrl;
import dev.stampededoctor.cli.redis.Refusals;
import dev.stampededoctor.cli.redis.TlsOptions;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLException;
import picocli.CommandLine.Option;

/**
 * How to reach Redis, with redis-cli's conventions: a URL ({@code redis://}, {@code rediss://},
 * {@code unix://} for a socket), redis-cli's {@code -h -p -s -n -a} and {@code --user}/{@code --pass},
 * the {@code REDISCLI_AUTH} environment variable, TLS with {@code rediss://} or {@code --tls}.
 * Passwords never appear in output: the URL is shown redacted.
 *
 * <p>The short options override the part of the URL they name, whatever their order (redis-cli
 * lets the later of {@code -u} and {@code -n} win; here, as for --user and --pass, the option wins).
 * {@code -h} is the host, as in redis-cli: these commands have {@code --help} only
 * ({@link HelpOptions}).
 */
public final class RedisOptions {
    static final String AUTH_ENV = "REDISCLI_AUTH";

    static final String URL_ENV = "REDIS_URL";

    @Option(names = "--redis", paramLabel = "URL",
            description = "redis://[user[:pass]@]host[:port][/db], rediss:// for TLS, unix:///path/redis.sock[?db=N]"
                    + " for a unix socket (default: $" + URL_ENV + "). As in redis-cli, redis://secret@host gives a"
                    + " password; redis://ops:@host a user.")
    String url;

    @Option(names = "-h", paramLabel = "HOST",
            description = "Redis host, as redis-cli's -h (overrides the URL's; alone: port 6379). Help is --help.")
    String host;

    @Option(names = "-p", paramLabel = "PORT",
            description = "Redis port, as redis-cli's -p (overrides the URL's; alone: host 127.0.0.1).")
    Integer port;

    @Option(names = "-s", paramLabel = "SOCKET",
            description = "Unix socket of Redis, as redis-cli's -s (instead of the URL's host and port).")
    Path socket;

    @Option(names = "-n", paramLabel = "DB", description = "Database number, as redis-cli's -n (overrides the URL's).")
    Integer db;

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec mixee;

    private boolean warned;

    @Option(names = "--user", paramLabel = "USER", description = "ACL user (overrides the URL's).")
    String user;

    @Option(names = {"-a", "--pass"}, paramLabel = "PASSWORD",
            description = "Password (overrides the URL's). Visible to other local users in the process list:"
                    + " prefer the " + AUTH_ENV + " environment variable.")
    String pass;

    @Option(names = "--no-auth-warning", description = "No warning that -a/--pass shows the password to other users.")
    boolean noAuthWarning;

    @Option(names = "--tls", description = "Use TLS even with a redis:// URL.")
    boolean tls;

    @Option(names = "--cacert", paramLabel = "FILE", description = "Trust the CA certificate(s) in this PEM file.")
    Path caFile;

    @Option(names = "--insecure", description = "TLS without checking the certificate or host name (test servers only).")
    boolean insecure;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class, description = "Give up connecting after this (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Give up when Redis does not answer a command within this (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    private Map<String, String> environment = System.getenv();

    /** The URL with the endpoint, db, credentials and TLS choice of the options and environment. */
    public RedisUrl target() {
        String text = url != null ? url : environment.get(URL_ENV);
        boolean named = text != null && !text.isBlank();
        if (!named && host == null && port == null && socket == null) {
            throw new UsageException("a Redis to connect to is needed: --redis URL, -h HOST [-p PORT], -s SOCKET, or "
                    + URL_ENV + " in the environment");
        }
        if (named && dev.stampededoctor.cli.redis.sentinel.SentinelUrl.is(text)) {
            return sentinelTarget(text);
        }
        RedisUrl u = named ? RedisUrl.parse(text) : RedisUrl.localDefault();
        u = RedisAliases.apply(u, host, port, socket == null ? null : socket.toString(), db);
        RedisUrl parsed = u;
        String password = pass != null ? pass : u.password() != null ? u.password() : environment.get(AUTH_ENV);
        String username = user != null ? user : u.user();
        u = u.withCredentials(username, password);
        if (tls || caFile != null) {
            if (u.unixSocket()) {
                throw new UsageException((tls ? "--tls" : "--cacert") + " is for TCP: " + u + " is a unix socket,"
                        + " which Redis serves without TLS");
            }
            u = u.withTls(true);
        }
        if (!warned) {
            // After every usage error: a refused command line prints its one line and nothing else.
            warned = true;
            warn(text, parsed);
        }
        return u;
    }

    private RedisUrl resolvedBySentinel;

    /**
     * A {@code redis-sentinel://} URL: the master the sentinels name now, with the data nodes'
     * credentials (the URL's, or --user/--pass/REDISCLI_AUTH); asked once per run.
     */
    private RedisUrl sentinelTarget(String text) {
        if (resolvedBySentinel != null) {
            return resolvedBySentinel;
        }
        if (host != null || port != null || socket != null) {
            throw new UsageException("-h, -p and -s name one server; a Sentinel URL names the sentinels: use one or"
                    + " the other");
        }
        dev.stampededoctor.cli.redis.sentinel.SentinelUrl s = dev.stampededoctor.cli.redis.sentinel.SentinelUrl.parse(text);
        String password = pass != null ? pass : s.password() != null ? s.password() : environment.get(AUTH_ENV);
        s = new dev.stampededoctor.cli.redis.sentinel.SentinelUrl(s.hosts(), s.ports(), s.master(),
                user != null ? user : s.user(), password, db != null ? db : s.db(), s.tls() || tls || caFile != null);
        dev.stampededoctor.cli.redis.sentinel.SentinelResolver.Resolved r =
                new dev.stampededoctor.cli.redis.sentinel.SentinelResolver(this::connect).resolve(s);
        if (mixee != null) {
            mixee.commandLine().getErr().println("stampede-doctor: sentinel " + r.sentinel() + " names " + s.master()
                    + " at " + r.master().withoutCredentials() + "; using it");
        }
        resolvedBySentinel = r.master();
        return resolvedBySentinel;
    }

    /** The one-line warnings about credentials: a password on the command line, an ambiguous userinfo. */
    private void warn(String text, RedisUrl u) {
        if (mixee == null) {
            return;
        }
        java.io.PrintWriter err = mixee.commandLine().getErr();
        if (pass != null && !noAuthWarning) {
            err.println("stampede-doctor: warning: a password given with -a or --pass can be read by other users of"
                    + " this host (ps, /proc); " + AUTH_ENV + " keeps it out of sight (--no-auth-warning: no warning)");
        }
        if (pass == null && environment.get(AUTH_ENV) != null && text != null && RedisUrl.loneUserinfo(text)) {
            err.println("stampede-doctor: warning: " + u + " takes what is before @ as the"
                    + " password, as redis-cli does, so " + AUTH_ENV + " is not used; for a user write"
                    + (u.unixSocket() ? " unix://USER:@/path" : " redis://USER:@host") + " or --user USER");
        }
    }

    /** Connects to {@code target}; a failure is a {@link ConnectionException} naming the redacted URL. */
    public RedisConnection connect(RedisUrl target) {
        return connect(target, null);
    }

    /** {@link #connect(RedisUrl)} from the local address {@code localAddress} (null: any). */
    public RedisConnection connect(RedisUrl target, java.net.InetAddress localAddress) {
        if (caFile != null && !Files.isReadable(caFile)) {
            throw new UsageException("cannot read the CA file " + caFile);
        }
        if (connectTimeout.isZero() || timeout.isZero()) {
            throw new UsageException("--connect-timeout and --timeout must be above zero");
        }
        try {
            return RedisConnection.open(target, new TlsOptions(caFile, insecure), connectTimeout, timeout, localAddress);
        } catch (RedisReplyException e) {
            throw Refusals.atConnect(target, e);
        } catch (UnknownHostException e) {
            throw new ConnectionException("cannot connect to Redis at " + target + ": unknown host " + target.host(), e);
        } catch (SocketTimeoutException e) {
            throw new ConnectionException("cannot connect to Redis at " + target + ": no answer within "
                    + connectTimeout.toMillis() + " ms", e);
        } catch (SSLException e) {
            throw new ConnectionException("TLS with Redis at " + target + " failed: " + e.getMessage(), e);
        } catch (ConnectException e) {
            throw new ConnectionException("cannot connect to Redis at " + target + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ConnectionException("cannot connect to Redis at " + target + ": " + e.getMessage(), e);
        }
    }

    /** The database {@code -n} names, or null. */
    Integer db() {
        return db;
    }

    /** For tests: the environment to read {@code REDISCLI_AUTH} from. */
    void environment(Map<String, String> environment) {
        this.environment = environment;
    }
}
