package dev.stampededoctor.cli.exporter;

import dev.stampededoctor.cli.redis.KeyspaceScanner;
import dev.stampededoctor.cli.redis.LiveWatcher;
import dev.stampededoctor.cli.redis.MonitorSource;
import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.ServerInfo;
import dev.stampededoctor.detectors.CaptureAnalyzer;
import dev.stampededoctor.detectors.ttl.TtlAuditRules;
import dev.stampededoctor.detectors.ttl.TtlAuditor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The exporter's periodic work beside the keyspace events: INFO polls on one thread; TTL audits
 * and MONITOR samples, each bounded (keys and rate; duration and output buffer), on another, so
 * that a long audit delays a sample but never the hit ratio. Each task opens its own connection
 * and closes it; a failure is one stderr line and a gauge, and the next run tries again.
 */
final class BackgroundTasks implements AutoCloseable {
    private final ExporterSettings settings;
    private final ExporterMetrics metrics;
    private final InfoPoller info;
    private final PrintWriter err;
    private final Map<String, String> ownClients;
    private final Supplier<Boolean> stopping;
    private final ScheduledExecutorService polls = Executors.newSingleThreadScheduledExecutor(daemon("exporter-info"));
    private final ScheduledExecutorService bounded = Executors.newSingleThreadScheduledExecutor(daemon("exporter-audit"));
    private volatile boolean infoOk;
    private String lastInfoError;
    private RedisConnection infoConnection;

    BackgroundTasks(ExporterSettings settings, ExporterMetrics metrics, InfoPoller info, PrintWriter err,
            Map<String, String> ownClients, Supplier<Boolean> stopping) {
        this.settings = settings;
        this.metrics = metrics;
        this.info = info;
        this.err = err;
        this.ownClients = ownClients;
        this.stopping = stopping;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    void start() {
        polls.scheduleWithFixedDelay(this::pollInfo, 0, settings.infoEvery().toMillis(), TimeUnit.MILLISECONDS);
        if (!settings.auditEvery().isZero()) {
            bounded.scheduleWithFixedDelay(this::audit, 0, settings.auditEvery().toMillis(), TimeUnit.MILLISECONDS);
        }
        if (settings.monitorBurst() != null) {
            long every = settings.monitorEvery().toMillis();
            bounded.scheduleAtFixedRate(this::monitorSample, Math.min(every, 1_000), every, TimeUnit.MILLISECONDS);
        }
    }

    /** Whether the last INFO poll answered. */
    boolean infoOk() {
        return infoOk;
    }

    private RedisConnection connect() {
        return settings.connector().connect(settings.target());
    }

    /** On one connection kept open (reopened after a failure): a poll every few seconds should not cost a connect. */
    private void pollInfo() {
        try {
            if (infoConnection == null) {
                infoConnection = connect();
                ownClients.put("info", infoConnection.clientAddress());
            }
            info.polled(ServerInfo.read(infoConnection, "stats"));
            infoOk = true;
            lastInfoError = null;
        } catch (IOException | RuntimeException e) {
            if (infoConnection != null) {
                infoConnection.close();
                infoConnection = null;
            }
            infoOk = false;
            String why = String.valueOf(e.getMessage());
            if (!why.equals(lastInfoError) && !stopping.get()) {
                warn("INFO from " + settings.target() + " failed: " + why + "; polling again");
            }
            lastInfoError = why;
        }
    }

    private void audit() {
        long start = System.currentTimeMillis();
        TtlAuditor auditor = new TtlAuditor(TtlAuditRules.defaults(), 100_000);
        try (RedisConnection c = connect()) {
            byte[] match = settings.auditMatch() == null ? null : settings.auditMatch().getBytes(StandardCharsets.UTF_8);
            KeyspaceScanner scanner = new KeyspaceScanner(c, new KeyspaceScanner.Options(match, 1_000,
                    settings.auditMaxKeys(), settings.auditRate(), false, false));
            KeyspaceScanner.Result result = scanner.scan((key, pttl, type, bytes, readAt) -> {
                info.ownRead();
                auditor.add(key, 0, key.length, pttl, readAt, type, bytes);
            });
            long now = System.currentTimeMillis();
            metrics.audit.audited(auditor.report(now - start, now, result.truncated(),
                    "stampede-doctor jitter plan --redis " + settings.target().withoutCredentials()));
        } catch (IOException | RuntimeException e) {
            metrics.audit.failed();
            warn("the TTL audit of " + settings.target() + " failed: " + e.getMessage() + "; trying again in "
                    + settings.auditEvery().toSeconds() + " s");
        }
    }

    /** A short MONITOR read, behind --monitor-sample only: the hits and latent risks keyspace events cannot show. */
    private void monitorSample() {
        if (stopping.get()) {
            return;
        }
        try (RedisConnection monitor = connect(); RedisConnection watch = connect()) {
            long id = (Long) monitor.call("CLIENT", "ID");
            MonitorSource source = new MonitorSource(monitor, monitor.monitor(), settings.monitorBurst().toNanos(), null);
            java.util.List<String> ignore = new java.util.ArrayList<>(ownClients.values());
            ignore.add(watch.clientAddress());
            source.ignoreSources(ignore);
            try (LiveWatcher guard = new LiveWatcher(watch, id, settings.maxClientBuffer(), source)) {
                CaptureAnalyzer analyzer = new CaptureAnalyzer(settings.options());
                analyzer.countReadsPerKey();
                analyzer.read("monitor-sample", source);
                guard.finish();
                if (source.stopReason().equals("client-buffer")) {
                    warn("a MONITOR sample stopped early: its output buffer passed " + settings.maxClientBuffer()
                            + " bytes");
                }
                metrics.monitorSample(analyzer.report());
            }
        } catch (IOException | RuntimeException e) {
            warn("a MONITOR sample of " + settings.target() + " failed: " + e.getMessage());
        }
    }

    private void warn(String line) {
        synchronized (err) {
            err.println("stampede-doctor: warning: " + line);
            err.flush();
        }
    }

    @Override
    public void close() {
        polls.shutdownNow();
        try {
            polls.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (infoConnection != null) {
            infoConnection.close();
        }
        bounded.shutdownNow();
        try {
            bounded.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
