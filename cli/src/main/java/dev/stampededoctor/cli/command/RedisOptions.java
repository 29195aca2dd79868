package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.ConnectionException;
import dev.stampededoctor.cli.UsageException;
import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.RedisReplyException;
import dev.stampededoctor.cli.redis.RedisUrl;
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
 * How to reach Redis, with redis-cli's conventions: a URL, {@code --user}/{@code --pass}, the
 * {@code REDISCLI_AUTH} environment variable, TLS with {@code rediss://} or {@code --tls}.
 * Passwords never appear in output: the URL is shown redacted.
 */
public final class RedisOptions {
    static final String AUTH_ENV = "REDISCLI_AUTH";

    static final String URL_ENV = "REDIS_URL";

    @Option(names = "--redis", paramLabel = "URL",
            description = "redis://[user[:pass]@]host[:port][/db], rediss:// for TLS (default: $" + URL_ENV + ")."
                    + " As in redis-cli, redis://secret@host gives a password; redis://ops:@host a user.")
    String url;

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec mixee;

    private boolean warned;

    @Option(names = "--user", paramLabel = "USER", description = "ACL user (overrides the URL's).")
    String user;

    @Option(names = "--pass", paramLabel = "PASSWORD",
            description = "Password (overrides the URL's). Visible to other local users in the process list:"
                    + " prefer the " + AUTH_ENV + " environment variable.")
    String pass;

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

    /** The URL with the credentials and TLS choice of the options and environment. */
    public RedisUrl target() {
        String text = url != null ? url : environment.get(URL_ENV);
        if (text == null || text.isBlank()) {
            throw new UsageException("--redis URL is needed (or " + URL_ENV + " in the environment)");
        }
        RedisUrl u = RedisUrl.parse(text);
        if (!warned && pass == null && environment.get(AUTH_ENV) != null && RedisUrl.loneUserinfo(text)) {
            warned = true;
            if (mixee != null) {
                mixee.commandLine().getErr().println("stampede-doctor: warning: " + u + " takes what is before @ as the"
                        + " password, as redis-cli does, so " + AUTH_ENV + " is not used; for a user write"
                        + " redis://USER:@host or --user USER");
            }
        }
        String password = pass != null ? pass : u.password() != null ? u.password() : environment.get(AUTH_ENV);
        String username = user != null ? user : u.user();
        u = u.withCredentials(username, password);
        if (tls || caFile != null) {
            u = u.withTls(true);
        }
        return u;
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
            throw new ConnectionException("Redis at " + target + " refused us: " + e.reply(), e);
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

    /** For tests: the environment to read {@code REDISCLI_AUTH} from. */
    void environment(Map<String, String> environment) {
        this.environment = environment;
    }
}
