package dev.stampededoctor.cli.exporter;

import dev.stampededoctor.detectors.report.Incident;
import dev.stampededoctor.detectors.report.LatentRisk;
import dev.stampededoctor.detectors.report.PatternStats;
import dev.stampededoctor.detectors.report.Report;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * What the exporter serves, in one registry: counters the windows of keyspace events add to (per
 * pattern, per incident kind), what INFO says, and gauges the periodic audit and the optional
 * MONITOR samples set. Every sample carries {@code target} and {@code db}. Pattern labels are
 * bounded: past {@code maxPatterns} distinct patterns, new ones count as {@value #OTHER}, so a
 * keyspace of generated names cannot grow the series without end.
 */
final class ExporterMetrics {
    static final String OTHER = "(other)";
    private static final String P = "stampede_doctor_";

    final PrometheusRegistry registry = new PrometheusRegistry();
    final AuditGauges audit;
    private final String target;
    private final String db;
    private final int maxPatterns;
    private final Set<String> patterns = ConcurrentHashMap.newKeySet();

    private final Counter misses;
    private final Counter invalidations;
    private final Counter fills;
    private final Counter incidents;
    private final Counter redundantRebuilds;
    private final Counter windows;
    private final Gauge lastWindow;
    private final Gauge sampledHitRatio;
    private final Gauge latentRiskKeys;
    private final Gauge latentRiskRebuilds;
    private final Gauge lastSample;
    private final Gauge pgActiveMax;
    private final Gauge pgUp;

    ExporterMetrics(String target, int db, int maxPatterns) {
        this.target = target;
        this.db = String.valueOf(db);
        this.maxPatterns = maxPatterns;
        String[] pattern = {"target", "db", "pattern"};
        String[] kind = {"target", "db", "kind"};
        String[] server = {"target", "db"};
        misses = counter("pattern_misses", "Cache misses (keymiss events) per key pattern.", pattern);
        invalidations = counter("pattern_invalidations", "Keys deleted (del events) per key pattern.", pattern);
        fills = counter("pattern_fills", "Keys written (set and hset events) per key pattern.", pattern);
        incidents = counter("incidents", "Stampede incidents found, by kind (invalidation-stampede, ttl-herd…).", kind);
        redundantRebuilds = counter("incident_redundant_rebuilds",
                "Rebuilds beyond one per key and occurrence in the incidents found: the work a fix saves.", kind);
        windows = counter("exporter_windows", "Windows of keyspace events analysed.", server);
        lastWindow = gauge("exporter_last_window_timestamp_seconds", "When the last window was analysed (Unix time).",
                server);
        sampledHitRatio = gauge("pattern_sampled_hit_ratio",
                "Hit ratio per pattern in the last MONITOR sample (only with --monitor-sample).", pattern);
        latentRiskKeys = gauge("latent_risk_keys",
                "Hot keys predicted to stampede when they next go, in the last MONITOR sample (--monitor-sample).", server);
        latentRiskRebuilds = gauge("latent_risk_predicted_rebuilds",
                "The most rebuilds one latent-risk key predicts, in the last MONITOR sample (--monitor-sample).", server);
        lastSample = gauge("monitor_sample_last_timestamp_seconds", "When the last MONITOR sample ended (Unix time).",
                server);
        pgActiveMax = gauge("postgres_active_queries_max",
                "The most active PostgreSQL queries in one sample of the last window (with --postgres).", server);
        pgUp = gauge("postgres_up", "1 when the last window could sample PostgreSQL, else 0 (with --postgres).", server);
        audit = new AuditGauges(registry, target, this.db);
    }

    private Counter counter(String name, String help, String... labels) {
        return Counter.builder().name(P + name).help(help).labelNames(labels).register(registry);
    }

    private Gauge gauge(String name, String help, String... labels) {
        return Gauge.builder().name(P + name).help(help).labelNames(labels).register(registry);
    }

    /** Counters read from elsewhere when scraped: the events received and dropped, and INFO's own counters. */
    void events(EventWindows events) {
        CounterWithCallback.builder().name(P + "keyspace_events").help("Keyspace events received, by event name.")
                .labelNames("target", "db", "event")
                .callback(cb -> events.received().forEach((event, n) -> cb.call(n.get(), target, db, event)))
                .register(registry);
        callbackCounter("exporter_events_dropped", "Keyspace events dropped because the analysis fell behind.",
                events::dropped);
    }

    /** Redis's own hit and miss counters and their ratio over the last INFO interval. */
    void info(InfoPoller info) {
        callbackCounter("redis_keyspace_hits", "INFO keyspace_hits (the whole server).", info::hits);
        callbackCounter("redis_keyspace_misses", "INFO keyspace_misses (the whole server).", info::misses);
        GaugeWithCallback.builder().name(P + "redis_hit_ratio")
                .help("Hits over reads on the whole server between the last two INFO polls; absent without reads.")
                .labelNames("target", "db").callback(cb -> {
                    double r = info.recentHitRatio();
                    if (!Double.isNaN(r)) {
                        cb.call(r, target, db);
                    }
                }).register(registry);
    }

    private void callbackCounter(String name, String help, DoubleSupplier value) {
        CounterWithCallback.builder().name(P + name).help(help).labelNames("target", "db")
                .callback(cb -> {
                    double v = value.getAsDouble();
                    if (v >= 0) {
                        cb.call(v, target, db);
                    }
                }).register(registry);
    }

    /** 1 while Redis answers: the keyspace-event subscription live and the last INFO poll answered. */
    void up(java.util.function.BooleanSupplier live) {
        GaugeWithCallback.builder().name(P + "exporter_redis_up")
                .help("1 while the keyspace-event subscription is live and INFO answers, else 0.")
                .labelNames("target", "db").callback(cb -> cb.call(live.getAsBoolean() ? 1 : 0, target, db))
                .register(registry);
    }

    /** Adds one window's report: its patterns' misses, deletions and writes, its incidents by kind. */
    void window(Report report) {
        for (PatternStats p : report.stats().patterns()) {
            String label = patternLabel(p.pattern());
            add(misses, p.misses(), label);
            add(invalidations, p.invalidations(), label);
            add(fills, p.fills(), label);
        }
        for (Incident i : report.incidents()) {
            incidents.labelValues(target, db, i.kind()).inc();
            if (i.redundantRebuilds() > 0) {
                redundantRebuilds.labelValues(target, db, i.kind()).inc(i.redundantRebuilds());
            }
        }
        windows.labelValues(target, db).inc();
        lastWindow.labelValues(target, db).set(System.currentTimeMillis() / 1000.0);
    }

    /** The PostgreSQL figures of one window: the busiest sample's active queries, or that it could not be read. */
    void postgres(boolean sampled, int activeMax) {
        pgUp.labelValues(target, db).set(sampled ? 1 : 0);
        if (sampled) {
            pgActiveMax.labelValues(target, db).set(activeMax);
        }
    }

    /** One MONITOR sample's report: hit ratios per pattern (only these need the reads MONITOR shows) and latent risks. */
    void monitorSample(Report report) {
        sampledHitRatio.clear();
        for (PatternStats p : report.stats().patterns()) {
            if (p.hitRatio() != null) {
                sampledHitRatio.labelValues(target, db, patternLabel(p.pattern())).set(p.hitRatio());
            }
        }
        latentRiskKeys.labelValues(target, db).set(report.latentRisks().size());
        latentRiskRebuilds.labelValues(target, db).set(report.latentRisks().stream()
                .mapToLong(LatentRisk::predictedRebuilds).max().orElse(0));
        lastSample.labelValues(target, db).set(System.currentTimeMillis() / 1000.0);
    }

    private void add(Counter c, long n, String pattern) {
        if (n > 0) {
            c.labelValues(target, db, pattern).inc(n);
        }
    }

    String patternLabel(String pattern) {
        if (patterns.contains(pattern)) {
            return pattern;
        }
        synchronized (patterns) {
            if (patterns.size() < maxPatterns) {
                patterns.add(pattern);
                return pattern;
            }
        }
        return OTHER;
    }
}
