package dev.stampededoctor.cli.exporter;

import dev.stampededoctor.cli.ConnectionException;
import dev.stampededoctor.cli.UsageException;
import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.ServerInfo;
import dev.stampededoctor.cli.terminal.StopSignals;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * Starts the exporter: Redis checked first (a wrong URL fails at once, exit 3, where later losses
 * are retried), then /metrics served, then the {@link Exporter} run until a signal or
 * {@code --duration}; the server closed and the keyspace-event setting put back on the way out.
 */
public final class ExporterServer {
    private ExporterServer() {
    }

    public static void run(ExporterSettings settings, InetSocketAddress listen, PrintWriter err)
            throws InterruptedException {
        ServerInfo info;
        try (RedisConnection c = settings.connector().connect(settings.target())) {
            info = ServerInfo.read(c, "server");
        } catch (IOException e) {
            throw new ConnectionException("lost Redis at " + settings.target() + ": " + e.getMessage(), e);
        }
        ExporterMetrics metrics = new ExporterMetrics(settings.target().withoutCredentials(), settings.target().db(),
                settings.maxPatterns());
        Exporter exporter = new Exporter(settings, metrics, err);
        HTTPServer server;
        try {
            server = HTTPServer.builder().inetAddress(listen.getAddress()).port(listen.getPort())
                    .registry(metrics.registry).buildAndStart();
        } catch (IOException e) {
            throw new UsageException("cannot listen on " + describe(listen) + ": " + e.getMessage()
                    + " (another --listen?)", e);
        }
        try (server; StopSignals signals = StopSignals.install(exporter::stop)) {
            err.printf(Locale.ROOT, "stampede-doctor: serving http://%s/metrics for %s (Redis %s): keyspace events in"
                    + " %d s windows, INFO every %d s, %s%s. Ctrl-C or SIGTERM stops.%n",
                    describe(new InetSocketAddress(listen.getAddress(), server.getPort())), settings.target(),
                    info.get("redis_version"), settings.window().toSeconds(), settings.infoEvery().toSeconds(),
                    settings.auditEvery().isZero() ? "no TTL audit" : String.format(Locale.ROOT,
                            "a TTL audit every %d s (at most %,d keys, %,d a second)", settings.auditEvery().toSeconds(),
                            settings.auditMaxKeys(), settings.auditRate()),
                    settings.monitorBurst() == null ? "" : String.format(Locale.ROOT, ", a %d ms MONITOR sample every %d s",
                            settings.monitorBurst().toMillis(), settings.monitorEvery().toSeconds()));
            err.flush();
            long windows = exporter.run();
            err.printf(Locale.ROOT, "stampede-doctor: exporter stopped after %,d window(s).%n", windows);
            err.flush();
        }
    }

    private static String describe(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
