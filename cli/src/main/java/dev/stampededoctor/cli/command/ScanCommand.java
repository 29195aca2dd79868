package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.ExitCode;
import dev.stampededoctor.cli.GeneratedAt;
import dev.stampededoctor.cli.postgres.ActivitySampler;
import dev.stampededoctor.cli.postgres.PostgresUrl;
import dev.stampededoctor.cli.postgres.SampleFiles;
import dev.stampededoctor.cli.postgres.ScanSampling;
import dev.stampededoctor.cli.UsageException;
import dev.stampededoctor.cli.live.KeyTtls;
import dev.stampededoctor.cli.live.LiveNode;
import dev.stampededoctor.cli.live.LiveOutcome;
import dev.stampededoctor.cli.live.MergedLines;
import dev.stampededoctor.cli.live.LiveSession;
import dev.stampededoctor.cli.live.LiveSettings;
import dev.stampededoctor.cli.live.ScanSummary;
import dev.stampededoctor.cli.redis.InfoOfNodes;
import dev.stampededoctor.cli.redis.LiveSource;
import dev.stampededoctor.cli.redis.MonitorSource;
import dev.stampededoctor.cli.redis.RedisUrl;
import dev.stampededoctor.cli.redis.ServerInfo;
import dev.stampededoctor.cli.render.ReportRenderer;
import dev.stampededoctor.cli.terminal.ProgressLine;
import dev.stampededoctor.cli.terminal.Terminals;
import dev.stampededoctor.detectors.AnalyzerOptions;
import dev.stampededoctor.detectors.CaptureAnalyzer;
import dev.stampededoctor.detectors.report.LiveSummary;
import dev.stampededoctor.detectors.report.Report;
import dev.stampededoctor.detectors.report.Target;
import dev.stampededoctor.detectors.ttl.Durations;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scan}: attach to a live Redis for a bounded time and run the detectors on its MONITOR stream. */
@Command(
        addMethodSubcommands = false,
        name = "scan",
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Attach to a live Redis for a bounded time and find stampedes as they happen.",
        description = {
            "Reads MONITOR for --duration (30s by default, at most 5m without --allow-long) and runs the"
                    + " same detectors as analyze on it, with INFO once a second (hit ratio, expiries,"
                    + " evictions, ops/s). MONITOR costs Redis throughput: the scan watches the output buffer"
                    + " Redis keeps for it and stops with a partial report when it passes --max-client-buffer."
                    + " Ctrl-C stops early and still reports. Read-only.",
            "With --source tcpdump it reads the packets of the Redis traffic on this host instead (tcpdump"
                    + " for --duration): no cost to Redis, and the replies make every miss a fact.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  stampede-doctor scan --redis redis://cache.internal:6379",
            "  stampede-doctor scan --redis redis://cache:6379 --postgres postgresql://ops@db:5432/shop",
            "  stampede-doctor scan --redis rediss://ops:@cache:6380 --duration 10s -f json \\",
            "      --save /var/tmp/incident-42",
            "  stampede-doctor analyze /var/tmp/incident-42/monitor.log   # the same events, later",
            "  sudo stampede-doctor scan --redis redis://cache:6379 --source tcpdump --duration 20s",
        })
public class ScanCommand implements Callable<Integer> {
    static final Duration MAX_DURATION = Duration.ofMinutes(5);
    static final String SAVED_CAPTURE = "monitor.log";
    static final String SAVED_PACKETS = "traffic.pcap";
    static final String SAVED_EVENTS = "keyspace-events.log";
    static final String SAVED_SAMPLES = "pg-samples.jsonl";
    /** Identical queries running at once, with no cache event to explain them, that make a burst. */
    static final int MIN_BURST = 3;
    /** How many of the most read keys get their TTL looked at after the scan. */
    static final int LOOK_AHEAD_KEYS = 20;

    @Mixin
    RedisOptions redis;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to read MONITOR: 500ms, 30s, 5m (default: 30s for scan, 5m for watch).")
    Duration duration;

    @Option(names = "--allow-long", description = "Allow a --duration above 5m.")
    boolean allowLong;

    @Option(names = "--max-client-buffer", paramLabel = "SIZE", defaultValue = "4mb", converter = SizeConverter.class,
            description = "Stop when Redis holds more than this for our MONITOR connection (default: ${DEFAULT-VALUE}).")
    long maxClientBuffer;

    @Option(names = "--postgres", paramLabel = "URL",
            description = "Also sample pg_stat_activity: postgresql://[user[:pass]@]host[:port]/db or jdbc:postgresql://…"
                    + " (PG* variables and ~/.pgpass fill in the rest).")
    String postgres;

    @Option(names = "--pg-interval", paramLabel = "DURATION", defaultValue = "100ms", converter = DurationConverter.class,
            description = "How often to sample pg_stat_activity, at least 10ms (default: ${DEFAULT-VALUE}).")
    Duration pgInterval;

    @Option(names = "--notifications",
            description = "Add the del/expired/evicted/keymiss keyevent flags to notify-keyspace-events for the scan,"
                    + " subscribe, and report Redis's own counts beside the detectors'; the exact previous value is"
                    + " put back on every exit, Ctrl-C and SIGTERM included. Changes the server's config.")
    boolean notifications;

    @Option(names = "--save", paramLabel = "DIR",
            description = "Also write the MONITOR stream to DIR/" + SAVED_CAPTURE + " (redis-cli monitor format) and"
                    + " the PostgreSQL samples to DIR/" + SAVED_SAMPLES + ", for analyze later.")
    Path saveDir;

    @Mixin
    DeploymentOptions deployment;

    @Mixin
    OutputOptions output;

    @Mixin
    DetectionOptions detection;

    @Option(names = "--source", paramLabel = "SOURCE", defaultValue = "monitor",
            description = "Where the traffic is read: monitor (MONITOR on a Redis connection: costs Redis throughput),"
                    + " tcpdump (the packets on this host, run on the Redis host or an application host: costs"
                    + " Redis nothing and shows the replies, so misses are facts; needs tcpdump and the capture"
                    + " right), or events (keyspace events, where MONITOR is refused: misses, deletions, expiries and"
                    + " refills, not reads that hit; notify-keyspace-events is set and put back as for"
                    + " --notifications). Default: ${DEFAULT-VALUE}.")
    String sourceName;

    @Option(names = "--tcpdump", paramLabel = "FILTER",
            description = "Read packets (implies --source tcpdump) with this capture filter (default: tcp port"
                    + " <the --redis port>; the tool's own connections are left out).")
    String tcpdumpFilter;

    @Option(names = "--interface", paramLabel = "IF", defaultValue = "any",
            description = "With --source tcpdump: the interface to capture on (default: ${DEFAULT-VALUE}).")
    String captureInterface;

    @Option(names = "--no-progress", description = "Never show the progress line on stderr.")
    boolean noProgress;

    @Mixin
    HelpOptions help;

    @Spec
    CommandSpec spec;

    /** The --duration when none is given. */
    Duration defaultDuration() {
        return Duration.ofSeconds(30);
    }

    /** Checks what the command needs before anything connects (watch: a terminal). */
    void checkBeforeConnecting() {
    }

    /**
     * What the user sees while MONITOR is read, closed when reading ends: scan's progress line.
     * Runs beside the reading; {@link LiveParts#source} calls its hook on the reading thread.
     */
    AutoCloseable liveView(LiveParts parts, PrintWriter err) {
        return progress(parts.source(), parts.analyzer(), parts.startNanos(), err);
    }

    /** Writes the finished report: to stdout (or --output) in the chosen format. */
    void write(Report report, Supplier<ReportRenderer> renderer) {
        output.output().write(spec.commandLine().getOut(), out -> renderer.get().render(report, out));
    }

    /**
     * The parts of a running scan that a live view reads; of several nodes, {@code info} (role and
     * version) is the first's, and {@code infoSamples} every node's last INFO sample added up.
     */
    record LiveParts(RedisUrl target, ServerInfo info, LiveSource source, CaptureAnalyzer analyzer,
            InfoOfNodes infoSamples, ActivitySampler sampler, long startNanos, Duration duration, boolean notifications) {
        int nodes() {
            return infoSamples.nodes();
        }
    }

    @Override
    public Integer call() {
        checkBeforeConnecting();
        if (duration == null) {
            duration = defaultDuration();
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new UsageException("--duration must be above zero");
        }
        if (duration.compareTo(MAX_DURATION) > 0 && !allowLong) {
            throw new UsageException("--duration above 5m needs --allow-long: MONITOR costs Redis throughput for as long"
                    + " as it runs");
        }
        if (pgInterval.toMillis() < 10) {
            throw new UsageException("--pg-interval must be at least 10ms");
        }
        PostgresUrl pgUrl = postgres == null ? null : PostgresUrl.parse(postgres, System.getenv());
        if (maxClientBuffer < 1024) {
            throw new UsageException("--max-client-buffer must be at least 1kb");
        }
        if (!sourceName.equals("monitor") && !sourceName.equals("tcpdump") && !sourceName.equals("events")) {
            throw new UsageException("--source " + sourceName + ": monitor, tcpdump or events");
        }
        boolean keyEvents = sourceName.equals("events");
        if (keyEvents && tcpdumpFilter != null) {
            throw new UsageException("--tcpdump reads packets: it goes with --source tcpdump, not events");
        }
        boolean packets = tcpdumpFilter != null || sourceName.equals("tcpdump");
        if (packets && tcpdumpFilter != null && tcpdumpFilter.isBlank()) {
            throw new UsageException("--tcpdump needs a capture filter, such as 'tcp port 6379'");
        }
        String savedName = packets ? SAVED_PACKETS : keyEvents ? SAVED_EVENTS : SAVED_CAPTURE;
        prepareSave(savedName);
        PrintWriter err = spec.commandLine().getErr();
        RedisUrl target = redis.target();
        if (packets) {
            // The capture filter and the reading of the packets both go by the server's TCP port.
            target.requireTcp("--source tcpdump reads TCP packets by the Redis port");
        }
        if (packets && target.tls()) {
            throw new UsageException("--source tcpdump cannot read TLS traffic (" + target + "): its packets are"
                    + " encrypted; use --source monitor");
        }
        output.output().checkWritable();
        Supplier<ReportRenderer> renderer = output.format().prepare(output.style(dev.stampededoctor.cli.GlobalOptions.textStyle(spec)));

        LiveSettings settings = new LiveSettings(packets ? "tcpdump" : sourceName, duration.toNanos(), maxClientBuffer,
                captureInterface, saveDir, savedName);
        LiveSession session = LiveSession.connect(servers(target), settings);
        List<String> notes = session.notes();
        for (LiveNode n : session.nodes()) {
            if (n.info().isReplica()) {
                notes.add(n.masterLink() == null ? "This is a replica" + of(n) + ": keys expire on the master and arrive"
                        + " here as DELs over the replication link, which CLIENT LIST did not show, so invalidation"
                        + " stampedes get a lower confidence."
                        : "This is a replica" + of(n) + ": keys expire on the master and arrive here as DELs over its"
                        + " link (" + n.masterLink() + "); such a DEL is taken as an expiry unless the key's TTL, as"
                        + " seen, ran on.");
            }
        }
        if (session.several()) {
            notes.add(session.clockNote());
        }
        if (!session.several() && session.nodes().get(0).info().isCluster()) {
            notes.add("This is a Redis Cluster node: only the commands this node serves are seen.");
        }
        LiveNode first = session.nodes().get(0);
        boolean replica = session.nodes().stream().anyMatch(n -> n.info().isReplica());
        AnalyzerOptions options = detection.apply(AnalyzerOptions.defaults()).withReplica(replica);
        CaptureAnalyzer analyzer = new CaptureAnalyzer(options);
        analyzer.countReadsPerKey();
        analyzer.masterLinks(session.nodes().stream().map(LiveNode::masterLink)
                .filter(java.util.Objects::nonNull).toList());
        java.util.Set<Integer> redisPorts = new java.util.TreeSet<>();
        session.nodes().forEach(n -> redisPorts.add(n.url().port()));
        if (!target.unixSocket()) {
            analyzer.serverPorts(redisPorts::contains);
        }
        if (packets && session.several()) {
            analyzer.serverNodes(session.nodeOfServerAddress()); // one tcpdump sees every node's traffic
        }
        if (!packets && !keyEvents) {
            session.startMonitors();
        }
        session.announce(target, durationText(), err);

        ScanSampling pg = null;
        if (pgUrl != null) {
            try {
                pg = ScanSampling.start(pgUrl, pgInterval, duration, saveDir == null ? null
                        : saveDir.resolve(SAVED_SAMPLES), err, notes);
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
        }
        if (keyEvents || notifications) {
            try {
                session.startNotifications(keyEvents, err);
            } catch (RuntimeException e) {
                if (pg != null) {
                    pg.close();
                }
                throw e;
            }
        }
        boolean notified = session.nodes().stream().anyMatch(n -> n.notifications() != null);
        LiveSource source;
        try {
            source = session.start(session.packetFilter(tcpdumpFilter));
        } catch (RuntimeException e) {
            if (pg != null) {
                pg.close();
            }
            throw e;
        }

        long start = session.startNanos();
        LiveOutcome end = session.read(in -> {
            if (in instanceof MergedLines merged) {
                List<String> nodes = session.nodes().stream().map(LiveNode::node).toList();
                analyzer.readNodes(nodes.stream().map(n -> "redis " + n).toList(), nodes, merged, merged::nodeOfNextLine);
            } else {
                analyzer.read("redis " + target, in);
            }
        }, liveView(new LiveParts(target,
                first.info(), source, analyzer, new InfoOfNodes(session.nodes().stream().map(LiveNode::watcher).toList()),
                pg == null ? null : pg.sampler(), start, duration, notified), err));
        ScanSampling.Result db = pg == null ? null : pg.finish(err, notes);
        end.addNotes(session, maxClientBuffer, duration.toMillis(), session.packetFilter(tcpdumpFilter),
                db != null && saveDir != null ? "--pg-samples " + saveDir.resolve(SAVED_SAMPLES) + " " : "", err, notes);
        String stoppedBy = end.stoppedBy();
        boolean complete = stoppedBy.equals("duration") && (db == null || db.lost() == null);
        Report report = analyzer.report().withLive(ScanSummary.live(target, session, end.ranMillis(), stoppedBy,
                complete, source, end.deltas(), notes));
        LiveSummary.Notifications seen = notified ? ScanSummary.notifications(session, report) : null;
        if (end.askable()) {
            report = report.withLive(report.live().with(seen, KeyTtls.lookAhead(session.nodes(),
                    analyzer.hottestKeys(LOOK_AHEAD_KEYS), Math.max(1, report.live().durationMs()) / 1000.0, err)));
            report = report.withLatentRisks(KeyTtls.latentExpiries(session.nodes(), report.latentRisks(), err));
        } else {
            report = report.withLive(report.live().with(seen, null));
        }
        List<Path> replay = session.replayCaptures();
        if (!replay.isEmpty()) {
            report = AdviceReplay.rank(report, replay.stream().map(Path::toString).toList(),
                    AnalyzerOptions.DEFAULT_MAX_LINE_BYTES, detection.maxKeys());
        }
        if (db != null) {
            report = report.withDatabase(pgUrl.toString(), db.samples(), SampleFiles.intervalMs(db.samples()), db.notes(),
                    MIN_BURST, db.statements());
        }
        report = report.withTarget(Target.redis(session.nodes().stream().map(n -> n.url().withoutCredentials()).toList(),
                pgUrl == null ? null : pgUrl.withoutCredentials()), GeneratedAt.now());
        try {
            write(report, renderer);
        } finally {
            session.reported();
            session.close();
        }
        if (end.partial()) {
            err.println("stampede-doctor: the scan stopped early (" + stoppedBy + end.whose() + "): the report is partial");
            return ExitCode.CONNECTION;
        }
        return report.foundProblems() ? ExitCode.FOUND : ExitCode.OK;
    }

    /**
     * The servers to read: the one --redis names, or on a Redis Cluster its chosen nodes (primaries
     * by default). Primaries and replicas are not read together: a replica repeats its primary's writes.
     */
    private List<LiveSession.Server> servers(RedisUrl target) {
        if (deployment.nodes == dev.stampededoctor.cli.redis.cluster.NodeChoice.all) {
            throw new UsageException("--nodes all: scan reads primaries or replicas, not both at once (a replica"
                    + " repeats its primary's writes, which would count twice); choose --nodes primaries or replicas");
        }
        dev.stampededoctor.cli.redis.cluster.DeploymentResolver resolver = deployment.resolver(redis);
        dev.stampededoctor.cli.redis.cluster.Deployment d = resolver.resolve(target);
        if (!d.several() || d.members().size() == 1) {
            RedisUrl url = d.members().size() == 1 && d.members().get(0).node() != null ? d.members().get(0).url() : target;
            return List.of(new LiveSession.Server(url, null, () -> redis.connect(url)));
        }
        List<LiveSession.Server> out = new ArrayList<>();
        for (dev.stampededoctor.cli.redis.cluster.Deployment.Member m : d.members()) {
            out.add(new LiveSession.Server(m.url(), m.name(), () -> resolver.connect(m)));
        }
        d.notes().forEach(n -> spec.commandLine().getErr().println("stampede-doctor: " + n));
        return out;
    }

    private String durationText() {
        return Durations.text(duration.toMillis());
    }

    private static String of(LiveNode n) {
        return n.node() == null ? "" : " (" + n.node() + ")";
    }

    private Path prepareSave(String captureName) {
        if (saveDir == null) {
            return null;
        }
        if (saveDir.toString().isBlank()) {
            throw new UsageException("--save needs a directory (it is created if missing)");
        }
        if (Files.exists(saveDir.resolve(SAVED_SAMPLES))) {
            throw new UsageException(saveDir.resolve(SAVED_SAMPLES) + " exists already: choose another --save directory");
        }
        try {
            Files.createDirectories(saveDir);
        } catch (IOException e) {
            throw new UsageException("cannot create " + saveDir + ": " + e.getMessage(), e);
        }
        Path file = saveDir.resolve(captureName);
        if (Files.exists(file)) {
            throw new UsageException(file + " exists already: choose another --save directory");
        }
        return file;
    }

    /** Time left, MONITOR lines/s and stampedes so far, when stderr is a terminal. */
    ProgressLine progress(LiveSource source, CaptureAnalyzer analyzer, long start, PrintWriter err) {
        if (noProgress || !Terminals.stderrIsTerminal()) {
            return null;
        }
        boolean unicode = dev.stampededoctor.cli.GlobalOptions.textStyle(spec).unicode();
        return new ProgressLine(err, () -> {
            double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
            long left = Math.max(0, duration.toMillis() - (long) (seconds * 1000));
            if (source instanceof dev.stampededoctor.cli.live.MergedLines) {
                return String.format(Locale.ROOT, "scan %s  %s left  %,.1f MB of MONITOR from every node  %d stampede(s)"
                        + " so far", ProgressLine.bar(seconds * 1000 / duration.toMillis(), 20, unicode),
                        Durations.text(left), source.bytes() / 1e6, analyzer.alarmsSoFar());
            }
            if (!(source instanceof MonitorSource monitor)) {
                return String.format(Locale.ROOT, "scan %s  %s left  %,.1f MB of packets  %d stampede(s) so far",
                        ProgressLine.bar(seconds * 1000 / duration.toMillis(), 20, unicode), Durations.text(left),
                        source.bytes() / 1e6, analyzer.alarmsSoFar());
            }
            return String.format(Locale.ROOT, "scan %s  %s left  %,d MONITOR lines, %,.0f lines/s  %d stampede(s) so far",
                    ProgressLine.bar(seconds * 1000 / duration.toMillis(), 20, unicode), Durations.text(left),
                    monitor.lines(), monitor.lines() / seconds, analyzer.alarmsSoFar());
        });
    }
}
