package dev.stampededoctor.cli.exporter;

import dev.stampededoctor.cli.postgres.ActivitySampler;
import dev.stampededoctor.cli.redis.KeyEventStream;
import dev.stampededoctor.cli.redis.KeyspaceNotifications;
import dev.stampededoctor.cli.redis.RedisConnection;
import dev.stampededoctor.cli.redis.RedisReplyException;
import dev.stampededoctor.detectors.CaptureAnalyzer;
import dev.stampededoctor.detectors.db.DbSample;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exporter's loop: subscribe to the keyspace events (setting {@code notify-keyspace-events}
 * as scan's events source does, and putting it back), analyse them one window at a time, add each
 * window's report to the metrics; beside it the {@link BackgroundTasks}. Never MONITOR, unless
 * samples were asked for. When Redis goes away the metrics say so and the exporter connects again,
 * every {@link #RETRY_MILLIS}: it is meant to run for months.
 */
public final class Exporter {
    static final long RETRY_MILLIS = 5_000;

    private final ExporterSettings settings;
    private final ExporterMetrics metrics;
    private final PrintWriter err;
    private final EventWindows events;
    private final InfoPoller info = new InfoPoller();
    private final Map<String, String> ownClients = new ConcurrentHashMap<>();
    private final long deadlineNanos;
    private volatile boolean stopped;
    private volatile boolean subscribed;
    private BackgroundTasks tasks;

    Exporter(ExporterSettings settings, ExporterMetrics metrics, PrintWriter err) {
        this.settings = settings;
        this.metrics = metrics;
        this.err = err;
        this.events = new EventWindows(settings.target().db());
        this.deadlineNanos = settings.runFor() == null ? Long.MAX_VALUE : System.nanoTime() + settings.runFor().toNanos();
        metrics.events(events);
        metrics.info(info);
        metrics.up(() -> subscribed && tasks != null && tasks.infoOk());
    }

    /** Ends the run soon (a signal's handler: only sets a flag). */
    public void stop() {
        stopped = true;
    }

    private boolean stopping() {
        return stopped || System.nanoTime() >= deadlineNanos;
    }

    /** Runs until stopped or past {@code runFor}; returns the windows analysed. */
    long run() throws InterruptedException {
        long windows = 0;
        tasks = new BackgroundTasks(settings, metrics, info, err, ownClients, this::stopping);
        tasks.start();
        try {
            while (!stopping()) {
                try {
                    windows += session();
                } catch (IOException | RuntimeException e) {
                    subscribed = false;
                    if (stopping()) {
                        break;
                    }
                    warn("lost Redis at " + settings.target() + " (" + e.getMessage() + "); connecting again in "
                            + RETRY_MILLIS / 1000 + " s");
                    for (long waited = 0; waited < RETRY_MILLIS && !stopping(); waited += 100) {
                        Thread.sleep(100);
                    }
                }
            }
        } finally {
            tasks.close();
        }
        return windows;
    }

    /**
     * The setting a lost connection's subscription could not put back: the next one, seeing that
     * value still there, puts back the one before it instead of taking the leftover as the original.
     */
    private KeyspaceNotifications.Unrestored unrestored;

    /** One connection's worth of windows; ends by stopping or by losing the subscription (an exception). */
    private long session() throws IOException {
        RedisConnection control = settings.connector().connect(settings.target());
        RedisConnection subscriber = null;
        KeyspaceNotifications notifications = null;
        long windows = 0;
        try {
            subscriber = settings.connector().connect(settings.target());
            ownClients.put("control", control.clientAddress());
            ownClients.put("subscriber", subscriber.clientAddress());
            int db = settings.target().db();
            try {
                notifications = KeyspaceNotifications.start(control, subscriber, db, err, KeyEventStream.FLAGS,
                        events::event, unrestored);
                unrestored = null; // this subscription puts it back now
            } catch (RedisReplyException e) {
                warn("CONFIG is refused here (" + e.reply() + "): the keyspace events are read as the server publishes"
                        + " them; misses need 'm' and deletions 'g' in its notify-keyspace-events");
                notifications = KeyspaceNotifications.subscribeOnly(control, subscriber, db, err, events::event);
            }
            subscribed = true;
            KeyspaceNotifications live = notifications;
            while (!stopping()) {
                analyse(events.window(settings.window().toNanos(), () -> stopping() || !live.isAlive()));
                windows++;
                if (!live.isAlive() && !stopping()) {
                    throw new IOException("the keyspace-event subscription ended");
                }
            }
            return windows;
        } finally {
            subscribed = false;
            if (notifications != null) {
                notifications.restore();
                unrestored = notifications.unrestored();
            }
            if (subscriber != null) {
                subscriber.close();
            }
            control.close();
        }
    }

    private void analyse(InputStream window) throws IOException {
        ActivitySampler sampler = null;
        if (settings.postgres() != null) {
            try {
                sampler = ActivitySampler.start(settings.postgres(), settings.pgInterval().toNanos(),
                        (int) Math.min(1_000_000, settings.window().toMillis() / settings.pgInterval().toMillis() + 100));
            } catch (java.sql.SQLException e) {
                warn("cannot sample PostgreSQL at " + settings.postgres() + ": "
                        + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + "; this window is Redis-only");
            }
        }
        CaptureAnalyzer analyzer = new CaptureAnalyzer(settings.options());
        try {
            analyzer.read("keyspace-events", window);
        } finally {
            if (sampler != null) {
                List<DbSample> samples = sampler.finish();
                metrics.postgres(sampler.failure() == null && !samples.isEmpty(),
                        samples.stream().mapToInt(s -> s.rows().size()).max().orElse(0));
            } else if (settings.postgres() != null) {
                metrics.postgres(false, 0);
            }
        }
        metrics.window(analyzer.report());
    }

    private void warn(String line) {
        synchronized (err) {
            err.println("stampede-doctor: warning: " + line);
            err.flush();
        }
    }
}
