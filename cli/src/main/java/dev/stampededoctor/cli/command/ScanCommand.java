package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.ConnectionException;
import dev.stampededoctor.cli.ExitCode;
import dev.stampededoctor.cli.GeneratedAt;
import dev.stampededoctor.cli.postgres.ActivitySampler;
import dev.stampededoctor.cli.postgres.PostgresUrl;
import dev.stampededoctor.cli.postgres.SampleFiles;
import dev.stampededoctor.cli.UsageException;
import dev.stampededoctor.cli.live.KeyTtls;
import dev.stampededoctor.cli.live.LiveNode;
import dev.stampededoctor.cli.live.LiveSession;
import dev.stampededoctor.cli.live.LiveSettings;
import dev.stampededoctor.cli.live.MergedLines;
import dev.stampededoctor.cli.live.ScanSummary;
import dev.stampededoctor.cli.redis.LiveWatcher;
import dev.stampededoctor.cli.redis.KeyEventStream;
import dev.stampededoctor.cli.redis.LiveSource;
import dev.stampededoctor.cli.redis.MonitorSource;
import dev.stampededoctor.cli.redis.TcpdumpSource;
import dev.stampededoctor.cli.redis.RedisUrl;
import dev.stampededoctor.cli.redis.ServerInfo;
import dev.stampededoctor.cli.render.ReportRenderer;
import dev.stampededoctor.cli.terminal.ProgressLine;
import dev.stampededoctor.cli.terminal.Terminals;
import dev.stampededoctor.detectors.AnalyzerOptions;
import dev.stampededoctor.detectors.CaptureAnalyzer;
import dev.stampededoctor.detectors.report.LatentRisk;
import dev.stampededoctor.detectors.report.LiveSummary;
import dev.stampededoctor.detectors.report.Report;
import dev.stampededoctor.detectors.report.Target;
import dev.stampededoctor.detectors.ttl.Durations;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scan}: attach to a live Redis for a bounded time and run the detectors on its MONITOR stream. */
@Command(
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

    /** The parts of a running scan that a live view reads. */
    record LiveParts(RedisUrl target, ServerInfo info, LiveSource source, CaptureAnalyzer analyzer,
            LiveWatcher watcher, ActivitySampler sampler, long startNanos, Duration duration, boolean notifications) {
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
        if (!packets && !keyEvents) {
            session.startMonitors();
        }
        announce(session, target, err);

        ActivitySampler sampler = null;
        dev.stampededoctor.cli.postgres.SampleAppender sampleFile = null;
        List<String> pgNotes = new ArrayList<>();
        if (pgUrl != null) {
            try {
                sampler = ActivitySampler.start(pgUrl, pgInterval.toNanos(),
                        (int) Math.min(1_000_000, duration.toMillis() / Math.max(10, pgInterval.toMillis()) + 100));
                pgNotes.addAll(sampler.notes());
                if (saveDir != null) {
                    try {
                        sampleFile = dev.stampededoctor.cli.postgres.SampleAppender.start(sampler,
                                saveDir.resolve(SAVED_SAMPLES));
                    } catch (IOException e) {
                        sampler.close();
                        session.close();
                        throw new UsageException("cannot write " + saveDir.resolve(SAVED_SAMPLES) + ": " + e.getMessage(), e);
                    }
                }
            } catch (java.sql.SQLException e) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
                err.println("stampede-doctor: warning: cannot sample PostgreSQL at " + pgUrl + ": " + reason
                        + "; the report is Redis-only");
                notes.add("PostgreSQL at " + pgUrl + " could not be sampled (" + reason + "): no database correlation.");
            }
        }
        List<KeyEventStream> keyStreams = keyEvents || notifications
                ? session.startNotifications(keyEvents, err) : List.of();
        boolean notified = session.nodes().stream().anyMatch(n -> n.notifications() != null);
        LiveSource source = session.start(captureFilter(redisPorts, session));

        IOException lost = null;
        long start = session.startNanos();
        try (AutoCloseable view = liveView(new LiveParts(target, first.info(), source, analyzer, first.watcher(), sampler,
                start, duration, notified), err)) {
            analyzer.read("redis " + target, source);
        } catch (IOException e) {
            lost = e;
            source.stop("connection-lost");
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e); // the view's close only
        } finally {
            session.stopReading();
        }
        if (source instanceof MergedLines merged && merged.failure() != null) {
            lost = merged.failure();
        }
        // Asked before finish(), which would not wait on a stalled server either.
        boolean stalled = session.nodes().stream().anyMatch(n -> n.watcher().stalled());
        List<LiveSummary.InfoDelta> deltas = new ArrayList<>();
        for (LiveNode n : session.nodes()) {
            deltas.add(n.watcher().finish());
            n.watcher().close();
        }
        String pgLost = null;
        List<dev.stampededoctor.detectors.db.DbSample> samples = null;
        List<dev.stampededoctor.detectors.db.DatabaseSummary.StatementCalls> statements = null;
        if (sampler != null) {
            pgLost = sampler.failure();
            samples = sampler.finish();
            statements = sampler.statementCalls();
            pgNotes.clear();
            pgNotes.addAll(sampler.notes());
            sampler.close();
            if (sampleFile != null) {
                try {
                    sampleFile.close();
                } catch (IOException e) {
                    err.println("stampede-doctor: warning: the PostgreSQL samples could not all be saved: " + e.getMessage());
                    notes.add("The PostgreSQL samples could not all be saved: " + e.getMessage());
                }
            }
        }
        notes.addAll(session.closeSaves());
        IOException saveFailed = source.saveFailure();
        List<Path> saved = session.savedCaptures();
        if (saveFailed != null && !saved.isEmpty()) {
            String where = saved.size() == 1 ? saved.get(0).toString() : "a saved capture in " + saveDir;
            err.println("stampede-doctor: warning: writing " + where + " failed (" + saveFailed.getMessage()
                    + "); the scan went on and its report is whole, the saved capture stops there");
            notes.add("Writing the saved capture " + where + " failed (" + saveFailed.getMessage()
                    + "): it holds the lines before; this report covers the whole scan.");
        }
        String stoppedBy = stalled && source.stopReason().equals("duration") ? "stalled" : source.stopReason();
        long ranMillis = (System.nanoTime() - start) / 1_000_000;
        boolean complete = stoppedBy.equals("duration") && pgLost == null;
        LiveNode culprit = source instanceof MergedLines merged && merged.lostNode() >= 0
                ? session.nodes().get(merged.lostNode()) : null;
        String whose = culprit == null ? "" : " (node " + culprit.node() + ")";
        if (stalled) {
            notes.add("Redis stopped answering" + stalledNodes(session) + " (INFO unanswered for over 2 s at the end;"
                    + " SIGSTOP, a long script, swapping): the scan ended on time without asking it more, and the"
                    + " report covers what was read.");
        }
        if (stoppedBy.equals("interrupt") || stoppedBy.equals("quit")) {
            notes.add(String.format(Locale.ROOT, "Stopped early (%s) after %s of %s: the report covers what was read.",
                    stoppedBy.equals("quit") ? "q" : "Ctrl-C or SIGTERM", Durations.text(ranMillis),
                    Durations.text(duration.toMillis())));
        }
        if (pgLost != null) {
            err.println("stampede-doctor: warning: PostgreSQL sampling stopped mid-scan (" + pgLost
                    + "); the database figures cover only the time before");
            notes.add("PostgreSQL sampling stopped mid-scan (" + pgLost + "): the database correlation covers only"
                    + " the time before.");
        }
        if (stoppedBy.equals("client-buffer")) {
            notes.add(String.format(Locale.ROOT, "Stopped early: Redis%s held more than %,d bytes of MONITOR output for"
                    + " us (we were not keeping up); the report covers what was read.", whose, maxClientBuffer));
        }
        if (lost != null) {
            notes.add("The MONITOR connection" + whose + " was lost: " + lost.getMessage() + "; the report covers what"
                    + " was read.");
        } else if (stoppedBy.equals("connection-lost")) {
            notes.add("The MONITOR connection" + whose + " was lost; the report covers what was read"
                    + (culprit == null ? "." : ", from every node, up to then."));
        }
        if (keyEvents) {
            long dropped = keyStreams.stream().mapToLong(KeyEventStream::dropped).sum();
            notes.add("Read from keyspace events, not MONITOR: misses are exact (keymiss), deletions (del), expiries"
                    + " (expired) and refills (set, hset) are seen; reads that hit, the clients and the TTLs are not, so"
                    + " rebuilds are counted per miss and TTL herds are told only by their expired events, which"
                    + " Redis sends when it deletes a key (on access, or in its expire cycle), not when the TTL ran out."
                    + (dropped > 0 ? " " + dropped + " events were dropped (this tool fell behind)." : ""));
        }
        if (stoppedBy.equals("tcpdump-exited")) {
            List<String> said = ((TcpdumpSource) source).messages();
            notes.add("tcpdump ended before the scan did" + (said.isEmpty() ? "" : " (" + said.get(said.size() - 1) + ")")
                    + ": the report covers what was read.");
        }
        if (packets) {
            notes.add("Read from packets (tcpdump on " + captureInterface + ", filter '" + captureFilter(redisPorts,
                    session) + "'): replies show every miss; the tool's own connections are left out of the capture.");
            for (String m : ((TcpdumpSource) source).messages()) {
                if (m.contains("dropped by kernel") && !m.startsWith("0 ")) {
                    notes.add("tcpdump: " + m + ": the capture has holes (see input.files[].packets.gaps).");
                }
            }
        }
        String savedList = saved.stream().map(Path::toString).collect(java.util.stream.Collectors.joining(" "));
        if (!saved.isEmpty() && keyEvents) {
            notes.add("Keyspace events saved to " + savedList + "; 'stampede-doctor analyze " + savedList
                    + "' reproduces this report's events.");
        } else if (!saved.isEmpty() && packets) {
            notes.add("Packets saved to " + savedList + "; 'stampede-doctor analyze --redis-port "
                    + redisPorts.iterator().next() + " " + savedList + "' reproduces this report's events.");
        } else if (!saved.isEmpty()) {
            notes.add("MONITOR stream saved to " + savedList + "; 'stampede-doctor analyze " + (samples != null
                    ? "--pg-samples " + saveDir.resolve(SAVED_SAMPLES) + " " : "") + savedList
                    + "' reproduces this report's events.");
        }
        Report report = analyzer.report().withLive(ScanSummary.live(target, session, ranMillisSince(start), stoppedBy,
                complete, source, deltas, notes));
        LiveSummary.Notifications seen = notified ? ScanSummary.notifications(session, report) : null;
        if (!stoppedBy.equals("connection-lost") && !stalled) {
            report = report.withLive(report.live().with(seen, lookAhead(session, analyzer,
                    Math.max(1, report.live().durationMs()) / 1000.0, err)));
            report = report.withLatentRisks(latentExpiries(session, report.latentRisks(), err));
        } else {
            report = report.withLive(report.live().with(seen, null));
        }
        List<Path> replay = session.replayCaptures();
        if (!replay.isEmpty()) {
            report = AdviceReplay.rank(report, replay.stream().map(Path::toString).toList(),
                    AnalyzerOptions.DEFAULT_MAX_LINE_BYTES, detection.maxKeys());
        }
        if (samples != null) {
            report = report.withDatabase(pgUrl.toString(), samples, SampleFiles.intervalMs(samples), pgNotes, MIN_BURST,
                    statements);
        }
        report = report.withTarget(Target.redis(session.nodes().stream().map(n -> n.url().withoutCredentials()).toList(),
                pgUrl == null ? null : pgUrl.withoutCredentials()), GeneratedAt.now());
        try {
            write(report, renderer);
        } finally {
            session.reported();
            session.close();
        }
        if (stoppedBy.equals("connection-lost") || stoppedBy.equals("client-buffer") || stoppedBy.equals("stalled")
                || stoppedBy.equals("tcpdump-exited")) {
            err.println("stampede-doctor: the scan stopped early (" + stoppedBy + whose + "): the report is partial");
            return ExitCode.CONNECTION;
        }
        return report.foundProblems() ? ExitCode.FOUND : ExitCode.OK;
    }

    private static long ranMillisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
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

    private static String of(LiveNode n) {
        return n.node() == null ? "" : " (" + n.node() + ")";
    }

    private static String stalledNodes(LiveSession session) {
        if (!session.several()) {
            return "";
        }
        return " (" + session.nodes().stream().filter(n -> n.watcher().stalled()).map(LiveNode::node)
                .collect(java.util.stream.Collectors.joining(", ")) + ")";
    }

    /** The line on stderr that says what is read, from where, and what it costs. */
    private void announce(LiveSession session, RedisUrl target, PrintWriter err) {
        LiveNode first = session.nodes().get(0);
        String what = session.several() ? session.nodes().size() + " nodes of " + target + " (" + session.nodes().stream()
                .map(LiveNode::node).collect(java.util.stream.Collectors.joining(", ")) + "; " + first.info().get("role")
                + "s, " + first.info().get("redis_version") + ")"
                : target + " (" + first.info().get("role") + " " + first.info().get("redis_version") + ")";
        if (sourceName.equals("events")) {
            err.printf(Locale.ROOT, "stampede-doctor: reading the keyspace events of %s for %s, not MONITOR:"
                    + " misses, deletions, expiries and refills are seen; reads that hit and clients are not."
                    + " Ctrl-C stops early and still reports.%n", what, Durations.text(duration.toMillis()));
        } else if (tcpdumpFilter != null || sourceName.equals("tcpdump")) {
            err.printf(Locale.ROOT, "stampede-doctor: reading the packets of %s with tcpdump on %s for %s; this"
                    + " costs Redis nothing. Ctrl-C stops early and still reports.%n", what, captureInterface,
                    Durations.text(duration.toMillis()));
        } else {
            err.printf(Locale.ROOT, "stampede-doctor: reading MONITOR of %s for %s. MONITOR costs Redis"
                    + " throughput while it runs; Ctrl-C stops early and still reports.%n", what,
                    Durations.text(duration.toMillis()));
        }
        err.flush();
    }

    /** PTTL of the most read keys, at the end of the scan: a herd about to happen. */
    private List<LiveSummary.LookAhead> lookAhead(LiveSession session, CaptureAnalyzer analyzer, double seconds,
            PrintWriter err) {
        List<dev.stampededoctor.detectors.stats.TrafficStats.HotKey> hot = analyzer.hottestKeys(LOOK_AHEAD_KEYS);
        List<LiveSummary.LookAhead> out = new ArrayList<>();
        if (hot.isEmpty()) {
            return out;
        }
        try (KeyTtls ttls = new KeyTtls(session.nodes())) {
            for (dev.stampededoctor.detectors.stats.TrafficStats.HotKey k : hot) {
                long ttl = ttls.pttl(k.db(), k.key());
                double rate = Math.round(k.reads() / seconds * 10) / 10.0;
                String key = dev.stampededoctor.detectors.keys.KeyText.display(k.key());
                String warning = ttl > 0 && ttl <= 600_000 && rate >= 10
                        ? String.format(Locale.ROOT, "%s expires in %s, read %,.0f times/s: a herd waits there unless its"
                                + " refresh is spread or coalesced", key, Durations.text(ttl), rate)
                        : null;
                out.add(new LiveSummary.LookAhead(k.db(), key, k.reads(), rate, ttl, warning));
            }
        } catch (IOException | RuntimeException e) {
            err.println("stampede-doctor: warning: no look-ahead at the hot keys' TTLs: " + e.getMessage());
        }
        return out;
    }

    /**
     * The latent risks whose next expiry the capture did not show, with it from PTTL now (at the
     * end of the scan); the others as they are. A key without a TTL (-1) or gone (-2) stays without.
     */
    private List<LatentRisk> latentExpiries(LiveSession session, List<LatentRisk> risks, PrintWriter err) {
        if (risks.stream().allMatch(r -> r.nextExpiryAt() != null)) {
            return risks;
        }
        List<LatentRisk> out = new ArrayList<>();
        try (KeyTtls ttls = new KeyTtls(session.nodes())) {
            for (LatentRisk r : risks) {
                if (r.nextExpiryAt() != null) {
                    out.add(r);
                    continue;
                }
                long ttl = ttls.pttl(r.db(), dev.stampededoctor.detectors.keys.KeyText.parse(r.key()));
                out.add(ttl > 0 ? r.withExpiry(System.currentTimeMillis() * 1000, ttl) : r);
            }
        } catch (IOException | RuntimeException e) {
            err.println("stampede-doctor: warning: no PTTL of the latent risks' keys: " + e.getMessage());
            return risks;
        }
        return out;
    }

    /** The capture filter: the one given, or the Redis ports without the tool's own connections. */
    private String captureFilter(java.util.Set<Integer> redisPorts, LiveSession session) {
        if (tcpdumpFilter != null) {
            return tcpdumpFilter;
        }
        StringBuilder f = new StringBuilder(redisPorts.size() == 1 ? "tcp port " + redisPorts.iterator().next()
                : "(" + redisPorts.stream().map(p -> "tcp port " + p).collect(java.util.stream.Collectors.joining(" or "))
                + ")");
        for (LiveNode n : session.nodes()) {
            for (String own : n.ownSources()) {
                int colon = own.lastIndexOf(':');
                if (colon > 0 && colon < own.length() - 1) {
                    f.append(" and not tcp port ").append(own.substring(colon + 1));
                }
            }
        }
        return f.toString();
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
