package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.ExitCode;
import dev.stampededoctor.cli.UsageException;
import dev.stampededoctor.cli.exporter.ExporterServer;
import dev.stampededoctor.cli.exporter.ExporterSettings;
import dev.stampededoctor.cli.exporter.ListenAddress;
import dev.stampededoctor.detectors.AnalyzerOptions;
import dev.stampededoctor.cli.postgres.PostgresUrl;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code exporter}: serves the cache's stampede metrics to Prometheus, for as long as it runs. */
@Command(
        addMethodSubcommands = false,
        name = "exporter",
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Serve stampede metrics on /metrics for Prometheus, from keyspace events and INFO (no MONITOR).",
        description = {
            "A long-running, low-cost mode for fleets: subscribes to the keyspace events (setting"
                    + " notify-keyspace-events for as long as it runs, and putting it back), analyses them one"
                    + " --window at a time and counts misses, deletions and writes per key pattern and the incidents"
                    + " found by kind; reads INFO for the server's hit ratio; runs a bounded TTL audit every"
                    + " --audit-every. Hits per pattern and latent risks need the reads only MONITOR shows: with"
                    + " --monitor-sample BURST/EVERY a short MONITOR read is taken that often, at most 10 %% of the"
                    + " time. Connects again when Redis goes away. Ctrl-C or SIGTERM stops it (exit 0).",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  stampede-doctor exporter --redis redis://cache:6379 --listen 127.0.0.1:9464",
            "  stampede-doctor exporter --redis redis://cache --audit-every 15m --monitor-sample 2s/5m",
            "  (alerting rules: /usr/share/stampede-doctor/prometheus/stampede-doctor.rules.yml)",
        })
public final class ExporterCommand implements Callable<Integer> {
    @Mixin
    RedisOptions redis;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9464",
            description = "Where to serve /metrics (default: ${DEFAULT-VALUE}; port 0 picks a free one).")
    String listen;

    @Option(names = "--window", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "Each analysis of the events covers this long, at least 1s (default: ${DEFAULT-VALUE}).")
    Duration window;

    @Option(names = "--info-every", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "How often to read INFO, at least 1s (default: ${DEFAULT-VALUE}).")
    Duration infoEvery;

    @Option(names = "--audit-every", paramLabel = "DURATION", defaultValue = "5m", converter = NeverOrDuration.class,
            description = "How often to audit the TTLs; 0 for never (default: ${DEFAULT-VALUE}).")
    Duration auditEvery;

    @Option(names = "--audit-match", paramLabel = "PATTERN", description = "Audit only the keys SCAN MATCH PATTERN gives.")
    String auditMatch;

    @Option(names = "--audit-max-keys", paramLabel = "N", defaultValue = "100000",
            description = "Each audit reads at most this many keys (default: ${DEFAULT-VALUE}).")
    long auditMaxKeys;

    @Option(names = "--scan-rate", paramLabel = "KEYS_PER_S", defaultValue = "1000",
            description = "Each audit reads at most this many keys a second; 0 for no limit (default: ${DEFAULT-VALUE}).")
    long scanRate;

    @Option(names = "--monitor-sample", paramLabel = "BURST/EVERY",
            description = "Also read MONITOR for BURST every EVERY (e.g. 2s/5m), at most a 10 %% duty cycle:"
                    + " hit ratios per pattern and latent risks. Off by default: MONITOR costs Redis throughput.")
    String monitorSample;

    @Option(names = "--max-client-buffer", paramLabel = "SIZE", defaultValue = "4mb", converter = SizeConverter.class,
            description = "A MONITOR sample stops when Redis holds more than this for it (default: ${DEFAULT-VALUE}).")
    long maxClientBuffer;

    @Option(names = "--postgres", paramLabel = "URL",
            description = "Also sample pg_stat_activity during every window (same forms as scan).")
    String postgres;

    @Option(names = "--pg-interval", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "How often to sample pg_stat_activity, at least 10ms (default: ${DEFAULT-VALUE}).")
    Duration pgInterval;

    @Option(names = "--max-patterns", paramLabel = "N", defaultValue = "200",
            description = "Distinct pattern labels at most; later ones are counted as (other) (default: ${DEFAULT-VALUE}).")
    int maxPatterns;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this (default: run until Ctrl-C or SIGTERM).")
    Duration duration;

    @Mixin
    DetectionOptions detection;

    @Mixin
    HelpOptions help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (window.toMillis() < 1_000 || infoEvery.toMillis() < 1_000) {
            throw new UsageException("--window and --info-every must be at least 1s");
        }
        if (auditEvery.isNegative() || (!auditEvery.isZero() && auditEvery.toMillis() < 1_000)) {
            throw new UsageException("--audit-every must be 0 (never) or at least 1s");
        }
        if (auditMaxKeys < 1 || scanRate < 0 || maxPatterns < 1) {
            throw new UsageException("--audit-max-keys and --max-patterns must be at least 1; --scan-rate not negative");
        }
        if (pgInterval.toMillis() < 10) {
            throw new UsageException("--pg-interval must be at least 10ms");
        }
        if (duration != null && (duration.isZero() || duration.isNegative())) {
            throw new UsageException("--duration must be above zero");
        }
        Duration[] sample = monitorSample == null ? null : monitorSample(monitorSample);
        PostgresUrl pg = postgres == null ? null : PostgresUrl.parse(postgres, System.getenv());
        java.net.InetSocketAddress address = ListenAddress.parse(listen);
        ExporterSettings settings = new ExporterSettings(redis.target(), redis::connect,
                detection.apply(AnalyzerOptions.defaults()), window, infoEvery, auditEvery, auditMatch, auditMaxKeys,
                scanRate, sample == null ? null : sample[0], sample == null ? null : sample[1], maxClientBuffer, pg,
                pgInterval, maxPatterns, duration);
        ExporterServer.run(settings, address, spec.commandLine().getErr());
        return ExitCode.OK;
    }

    /** A duration, or {@code 0} for never. */
    static final class NeverOrDuration implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return value.strip().equals("0") ? Duration.ZERO : new DurationConverter().convert(value);
        }
    }

    /** {@code BURST/EVERY}, the burst at most a tenth of the period: MONITOR's cost stays a fraction, and bounded. */
    static Duration[] monitorSample(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new UsageException("--monitor-sample " + text + ": BURST/EVERY, e.g. 2s/5m");
        }
        DurationConverter d = new DurationConverter();
        Duration burst;
        Duration every;
        try {
            burst = d.convert(text.substring(0, slash));
            every = d.convert(text.substring(slash + 1));
        } catch (RuntimeException e) {
            throw new UsageException("--monitor-sample " + text + ": BURST/EVERY, e.g. 2s/5m (" + e.getMessage() + ")");
        }
        if (burst.toMillis() < 100 || every.compareTo(burst.multipliedBy(10)) < 0) {
            throw new UsageException("--monitor-sample " + text + ": the burst must be at least 100ms and at most a"
                    + " tenth of EVERY (MONITOR costs Redis throughput while it runs)");
        }
        return new Duration[] {burst, every};
    }
}
