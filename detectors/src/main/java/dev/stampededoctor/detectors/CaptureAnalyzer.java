package dev.stampededoctor.detectors;

import dev.stampededoctor.detectors.command.CacheCommand;
import dev.stampededoctor.detectors.command.CommandModel;
import dev.stampededoctor.detectors.detect.EventReporter;
import dev.stampededoctor.detectors.detect.LockReporter;
import dev.stampededoctor.detectors.detect.StampedeDetector;
import dev.stampededoctor.detectors.incident.IncidentBuilder;
import dev.stampededoctor.detectors.incident.IncidentRanking;
import dev.stampededoctor.detectors.report.VerdictSummary;
import dev.stampededoctor.detectors.keys.KeyText;
import dev.stampededoctor.detectors.live.LiveSnapshot;
import dev.stampededoctor.detectors.monitor.MonitorLine;
import dev.stampededoctor.detectors.source.CaptureReader;
import dev.stampededoctor.detectors.source.CommandSink;
import dev.stampededoctor.detectors.source.MergedReader;
import dev.stampededoctor.detectors.ops.KeyOpPipe;
import dev.stampededoctor.detectors.ops.KeyOpRecorder;
import dev.stampededoctor.detectors.report.BadLine;
import dev.stampededoctor.detectors.report.LatentRisk;
import dev.stampededoctor.detectors.report.PatternStats;
import dev.stampededoctor.detectors.report.TrafficSummary;
import dev.stampededoctor.detectors.report.InputFile;
import dev.stampededoctor.detectors.report.Hosts;
import dev.stampededoctor.detectors.report.InputSummary;
import dev.stampededoctor.detectors.report.Report;
import dev.stampededoctor.detectors.report.TimeSpan;
import dev.stampededoctor.detectors.stats.CaptureTimeline;
import dev.stampededoctor.detectors.stats.CommandCounts;
import dev.stampededoctor.detectors.stats.TrafficStats;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a MONITOR capture through the engine: lines → parser → command model → key operations →
 * statistics and the stampede detector → {@link Report}. Parsing runs on the calling thread; the key
 * operations are consumed on a second one ({@link KeyOpPipe}). Feed the inputs in order with {@link #read}, then call
 * {@link #report()}.
 *
 * <pre>{@code
 * CaptureAnalyzer analyzer = new CaptureAnalyzer(AnalyzerOptions.defaults());
 * try (InputStream in = Files.newInputStream(Path.of("capture.log"))) {
 *     analyzer.read("capture.log", in);
 * }
 * Report report = analyzer.report();
 * }</pre>
 */
public final class CaptureAnalyzer {
    private static final int BAD_LINE_TEXT_BYTES = 120;

    private final AnalyzerOptions options;
    /** The ports Redis listens on, for packet captures. */
    private java.util.function.IntPredicate serverPorts = port -> port == 6379;
    /** Set by {@link #serverNodes}: the node of each packet-capture connection; null otherwise. */
    private dev.stampededoctor.detectors.source.ConnectionNodes connectionNodes;
    private boolean packetCommandsOnThreadOfTheirOwn;
    private final CommandModel model = new CommandModel();
    private final TrafficStats stats;
    private final StampedeDetector detector;
    private final CaptureTimeline timeline = new CaptureTimeline();
    private final KeyOpPipe pipe;
    private final KeyOpRecorder recorder;
    private final CommandCounts commands = new CommandCounts();
    /** Script calls by the keys they named: in a packet capture, the scripts' commands are not seen. */
    private final dev.stampededoctor.detectors.detect.ScriptCalls scriptCalls = new dev.stampededoctor.detectors.detect.ScriptCalls();
    private final List<InputFile> files = new ArrayList<>();
    private final List<BadLine> badLines = new ArrayList<>();
    /** Input index → the node it was recorded on (null: one server), and a tag per node for the command model. */
    private final InputNodes inputNodes = new InputNodes();
    /** Each input's counts (by index), for the nodes' time spans. */
    private final List<InputCounts> handlers = new ArrayList<>();
    private long ignored;
    private long firstMicros = Long.MIN_VALUE;
    private long lastMicros = Long.MIN_VALUE;
    private long outOfOrder;
    /** An input was keyspace events: no clients, no hits, no TTLs; its events' confidence is lowered. */
    private boolean keyEventsRead;
    /** The input being read, for counts while it is read. */
    private InputCounts[] reading;
    /** The input index of {@code reading[0]}. */
    private int readingBase;
    /** The last live snapshot's incidents, reused while no episode closed since. */
    private LiveSnapshot lastSnapshot;
    private int lastSnapshotFindings = -1;

    public CaptureAnalyzer(AnalyzerOptions options) {
        this.options = options;
        this.stats = new TrafficStats(options.maxKeys(), options.maxPatterns(), timeline);
        this.detector = new StampedeDetector(options.minRebuilds(), timeline);
        // Two stages on two threads: the first resolves key ids into each batch (the key table,
        // bound by cache misses); the second counts patterns, writing their ids, then runs the
        // detector. On key-heavy stretches (MSET) both are busy at once.
        this.pipe = new KeyOpPipe("key-operations", stats::internKeys, ops -> {
            stats.countPatterns(ops); // and the capture's timeline, in the same pass
            detector.accept(ops);
        });
        this.recorder = new KeyOpRecorder(pipe.firstBatch(), pipe::handOff);
    }

    /**
     * Packet captures read with {@link #read(String, String, InputStream)} hand their commands to
     * the engine from a thread of their own while the reading thread decodes on (see
     * {@link CaptureReader#packetCommandsOnThreadOfTheirOwn}): for inputs read to their end, as
     * analyze reads files, not for a live stream whose commands must show as they come.
     */
    public void packetCommandsOnThreadOfTheirOwn() {
        this.packetCommandsOnThreadOfTheirOwn = true;
    }

    /** The ports Redis listens on in packet captures (6379 unless told); see {@link PacketSource}. Call before reading. */
    public void serverPorts(java.util.function.IntPredicate ports) {
        this.serverPorts = ports;
    }

    /**
     * A packet capture holds several nodes' traffic (tcpdump beside a cluster's nodes):
     * {@code nodeOfServer} names the node of a connection's server address ({@code ip:port}, IPv6
     * in brackets; null for none), and an event whose input names no node names the node its
     * connections talked to. Call before reading.
     */
    public void serverNodes(java.util.function.Function<String, String> nodeOfServer) {
        this.connectionNodes = new dev.stampededoctor.detectors.source.ConnectionNodes(nodeOfServer);
    }

    /** Client connection id to its node as the packets showed it (null when not known); null without {@link #serverNodes}. */
    private java.util.function.IntFunction<String> clientNodes() {
        dev.stampededoctor.detectors.source.ConnectionNodes nodes = connectionNodes;
        return nodes == null ? null : client -> client < 0 ? null : nodes.nodeOfClient(clientName(client));
    }

    /**
     * Reads one whole input, MONITOR text or a packet capture (told apart by its first bytes);
     * inputs are treated as one capture, in the order they are read.
     */
    public void read(String name, InputStream in) throws IOException {
        read(name, null, in);
    }

    /**
     * Reads one whole input recorded on {@code node} ({@code host:port}; null for one server):
     * its events and incidents name the node, and its client connections are that node's (the
     * same {@code ip:port} on another node is another connection). A live side that feeds several
     * nodes' MONITOR streams as one gives each node's lines an input of its own
     * ({@code MonitorLine#position}) and names it here or with {@link #inputNode}.
     */
    public void read(String name, String node, InputStream in) throws IOException {
        int index = files.size();
        inputNode(index, node);
        InputCounts handler = new InputCounts(name, engine);
        reading = new InputCounts[] {handler};
        readingBase = index;
        try {
            CaptureReader reader = new CaptureReader(options.maxLineBytes(), serverPorts)
                    .connectionNodes(connectionNodes);
            if (packetCommandsOnThreadOfTheirOwn) {
                reader.packetCommandsOnThreadOfTheirOwn();
            }
            CaptureReader.Result read = reader.read(in, index, handler);
            files.add(inputFile(name, read, handler));
            handlers.add(handler);
        } finally {
            reading = null;
        }
    }

    /**
     * Input {@code input} (its index: 0 for the first read) was recorded on {@code node}
     * ({@code host:port}, null for none). Call before its lines are read.
     */
    public void inputNode(int input, String node) {
        model.inputNode(input, inputNodes.set(input, node));
    }

    /**
     * Reads captures recorded at the same time on several nodes as one stream, merged by
     * timestamp ({@link MergedReader}: equal stamps in the order of {@code inputs}, each node's own
     * order kept, memory bounded). Each input names its node; inputs of one node are read one
     * after another. The inputs are the next ones of the report, in the order of {@code inputs}.
     */
    public void readMerged(List<? extends MergedReader.Input> inputs) throws IOException {
        int base = files.size();
        InputCounts[] readers = new InputCounts[inputs.size()];
        InputFile[] read = new InputFile[inputs.size()];
        for (int i = 0; i < inputs.size(); i++) {
            inputNode(base + i, inputs.get(i).node());
            readers[i] = new InputCounts(inputs.get(i).name(), engine);
        }
        try {
            new MergedReader(options.maxLineBytes(), serverPorts).read(inputs, base, new MergedReader.Listener() {
                @Override
                public CommandSink sink(int input) {
                    return readers[input - base];
                }

                @Override
                public void ended(int input, CaptureReader.Result result) {
                    MergedReader.Input in = inputs.get(input - base);
                    InputFile file = inputFile(in.name(), result, readers[input - base]);
                    String why = in.endedEarly();
                    read[input - base] = why == null ? file : file.withEndedEarly(why);
                }
            });
        } finally {
            for (int i = 0; i < read.length; i++) {
                files.add(read[i] != null ? read[i]
                        : new InputFile(inputs.get(i).name(), 0, readers[i].parsed, readers[i].unparseable));
                handlers.add(readers[i]);
            }
        }
    }

    /**
     * Reads one stream that carries several nodes' lines, already merged (a live merge of their
     * MONITOR streams): {@code nodeOfLine}, asked as each line is handed on, answers the index of
     * its node in {@code nodes}. Each node is an input of its own, named {@code names.get(i)}, with
     * its own line numbers; its events and incidents name {@code nodes.get(i)}, and its client
     * connections are its own.
     */
    public void readNodes(List<String> names, List<String> nodes, InputStream in, java.util.function.IntSupplier nodeOfLine)
            throws IOException {
        int base = files.size();
        InputCounts[] readers = new InputCounts[nodes.size()];
        long[] lineNumbers = new long[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            inputNode(base + i, nodes.get(i));
            readers[i] = new InputCounts(names.get(i), engine);
        }
        CommandSink byNode = new CommandSink() {
            @Override
            public void command(MonitorLine line) {
                int n = nodeOfLine.getAsInt();
                line.position(base + n, ++lineNumbers[n]);
                readers[n].command(line);
            }

            @Override
            public void ignored() {
                int n = nodeOfLine.getAsInt();
                lineNumbers[n]++;
                readers[n].ignored();
            }

            @Override
            public void malformed(long lineNumber, String reason, byte[] buf, int start, int end) {
                int n = nodeOfLine.getAsInt();
                readers[n].malformed(++lineNumbers[n], reason, buf, start, end);
            }
        };
        reading = readers;
        readingBase = base;
        try {
            CaptureReader.Result read = new CaptureReader(options.maxLineBytes(), serverPorts).read(in, base, byNode);
            keyEventsRead |= read.format() == dev.stampededoctor.detectors.source.CaptureFormat.KEY_EVENTS;
        } finally {
            reading = null;
            for (int i = 0; i < readers.length; i++) {
                files.add(new InputFile(names.get(i), lineNumbers[i], readers[i].parsed, readers[i].unparseable));
                handlers.add(readers[i]);
            }
        }
    }

    private InputFile inputFile(String name, CaptureReader.Result read, InputCounts handler) {
        keyEventsRead |= read.format() == dev.stampededoctor.detectors.source.CaptureFormat.KEY_EVENTS;
        return read.packets() == null ? new InputFile(name, read.lines(), handler.parsed, handler.unparseable)
                : InputFile.ofPackets(name, read.packets());
    }

    /** Marks the input read last as cut short: {@code why} it ended before its proper end. */
    /**
     * The capture is a replica's whose master link MONITOR names {@code address} ({@code ip:port}):
     * its single-key DEL/UNLINK are judged expiries or invalidations by the keys' TTLs.
     */
    public void masterLink(String address) {
        model.masterLink(address);
    }

    /** As {@link #masterLink}, for the links of several replicas read at once. */
    public void masterLinks(java.util.Collection<String> addresses) {
        model.masterLinks(addresses);
    }

    public void endedEarly(String why) {
        files.set(files.size() - 1, files.get(files.size() - 1).withEndedEarly(why));
    }

    /** The node input {@code input} was recorded on; null for one server. */
    private String nodeOfInput(int input) {
        return inputNodes.of(input);
    }

    /** Counts reads per key, so that {@link #hottestKeys} can answer after {@link #report}. Call before reading. */
    public void countReadsPerKey() {
        stats.countReadsPerKey();
    }

    /** The {@code n} most read keys; call after {@link #report}, which drains the key-operation threads. */
    public List<TrafficStats.HotKey> hottestKeys(int n) {
        return stats.hottestKeys(n);
    }

    /** Single-key stampedes and herds found so far, for a progress line (any thread). */
    public int alarmsSoFar() {
        return detector.alarmsSoFar();
    }

    /** The number of commands parsed so far, over all inputs. */
    public long parsedSoFar() {
        return files.stream().mapToLong(InputFile::parsed).sum();
    }

    /**
     * What the analysis shows so far, for a live view. Call on the thread that runs {@link #read},
     * between lines (from the input stream's {@code read}): it hands on the commands parsed so far,
     * waits for the key-operation threads to take them in, and reads their state while they are
     * idle. Reading then goes on as if no snapshot had been taken. Also turns on the per-key counts
     * the hot keys need ({@link #countReadsPerKey}); the first snapshot's hot keys start from there.
     */
    public LiveSnapshot snapshot(int top) {
        recorder.flush();
        pipe.drain();
        countReadsPerKey();
        detector.countMissesPerKey();
        long now = firstMicros == Long.MIN_VALUE ? 0 : lastMicros;
        List<dev.stampededoctor.detectors.incident.Finding> findings = new EventReporter(this::clientName,
                stats::patternName, options.minClusterKeys(), options.replica(),
                this::nameWhileReading,
                firstMicros == Long.MIN_VALUE ? 0 : firstMicros).withInputNodes(this::nodeOfInput)
                .withClientNodes(clientNodes()).withScriptCalls(scriptCalls, this::isPacketInput).eventsSoFar(detector);
        List<dev.stampededoctor.detectors.report.Incident> incidents;
        List<dev.stampededoctor.detectors.report.CacheEvent> events;
        if (lastSnapshot != null && findings.size() == lastSnapshotFindings) {
            incidents = lastSnapshot.incidents();
            events = lastSnapshot.events();
        } else {
            IncidentBuilder.Result found = IncidentBuilder.build(findings);
            incidents = found.incidents();
            events = found.events();
        }
        List<LiveSnapshot.KeyCount> hot = new ArrayList<>();
        for (TrafficStats.HotKey k : stats.hottestKeys(top)) {
            hot.add(new LiveSnapshot.KeyCount(k.db(), KeyText.display(k.key()), k.reads(), detector.keyMisses(k.id()),
                    detector.ttlLeft(k.id(), now)));
        }
        List<LiveSnapshot.PatternCount> patterns = new ArrayList<>();
        for (PatternStats p : stats.patterns(detector::liveMisses)) {
            if (patterns.size() == top) {
                break;
            }
            if (p.reads() + p.fills() > 0) {
                patterns.add(new LiveSnapshot.PatternCount(p.db(), p.pattern(), p.reads(), p.misses(), p.fills()));
            }
        }
        long parsed = parsedSoFar();
        for (InputCounts r : reading == null ? new InputCounts[0] : reading) {
            parsed += r.parsed;
        }
        lastSnapshot = new LiveSnapshot(now, parsed, stats.reads(), detector.missesSoFar(),
                dev.stampededoctor.detectors.detect.OpenEpisodes.of(detector, top, stats::patternName), incidents,
                events, List.copyOf(hot), List.copyOf(patterns));
        lastSnapshotFindings = findings.size();
        return lastSnapshot;
    }

    /** Input {@code i}'s name, also for the inputs being read. */
    private String nameWhileReading(int i) {
        if (i < files.size()) {
            return files.get(i).name();
        }
        int k = i - readingBase;
        return reading != null && k >= 0 && k < reading.length ? reading[k].name : null;
    }

    private String clientName(int id) {
        return model.clients().bytes(id).length == 0 ? null : KeyText.display(model.clients().bytes(id));
    }

    /**
     * Finishes the analysis and returns the report. Call once, after the last {@link #read}: it
     * waits for the key-operation thread to drain.
     */
    public Report report() {
        recorder.flush();
        pipe.close();
        long lines = 0;
        long parsed = 0;
        long unparseable = 0;
        for (InputFile f : files) {
            lines += f.lines();
            parsed += f.parsed();
            unparseable += f.unparseable();
        }
        TimeSpan span = firstMicros == Long.MIN_VALUE ? null : TimeSpan.ofMicros(firstMicros, lastMicros);
        List<dev.stampededoctor.detectors.report.InputNode> nodes = NodeSpans.of(files, inputNodes.all(), handlers);
        InputSummary input = new InputSummary(List.copyOf(files), lines, parsed, ignored, unparseable,
                List.copyOf(badLines), span, outOfOrder, commands.byName(), nodes, NodeSpans.notes(nodes));
        EventReporter events = new EventReporter(this::clientName, stats::patternName, options.minClusterKeys(), options.replica(),
                i -> i < files.size() ? files.get(i).name() : null, span == null ? 0 : firstMicros)
                .withInputNodes(this::nodeOfInput).withClientNodes(clientNodes()).withScriptCalls(scriptCalls, this::isPacketInput);
        IncidentBuilder.Result found = IncidentBuilder.build(events.events(detector));
        // After the events: the detector has closed its episodes, so the misses are all counted.
        List<PatternStats> patterns = stats.patterns(this::patternMisses);
        TrafficSummary traffic = traffic(patterns);
        VerdictSummary verdict = IncidentRanking.verdict(found.incidents(),
                span == null ? null : TimeSpan.words(span.seconds()));
        List<LatentRisk> latent = span == null ? List.of()
                : detector.latentRisks(lastMicros, stats::patternOfKey, stats::keyBytes, stats::patternName);
        List<dev.stampededoctor.detectors.report.CacheEvent> reported = keyEventsRead
                ? found.events().stream().map(CaptureAnalyzer::fromKeyEvents).toList() : found.events();
        return new Report(verdict, input, traffic, found.incidents(), reported,
                LockReporter.locks(detector, patterns), latent);
    }

    /** Keyspace events show no client, no read that hit and no TTL: what rests on those is less sure. */
    private static dev.stampededoctor.detectors.report.CacheEvent fromKeyEvents(
            dev.stampededoctor.detectors.report.CacheEvent e) {
        return e.asKind(e.kind(), "read from keyspace events, which name no client and show neither the reads that"
                + " hit nor the TTLs: the rebuilds are counted per miss", Math.round(e.confidence() * 85) / 100.0,
                e.recommendations());
    }

    /** A pattern's misses: exact when a reply showed every read of it, else as the episodes count them. */
    private long patternMisses(int patternId) {
        long replied = detector.repliedReads(patternId);
        return replied > 0 && replied == stats.readsOf(patternId) ? detector.repliedMisses(patternId)
                : detector.misses(patternId);
    }

    private TrafficSummary traffic(List<PatternStats> patterns) {
        List<PatternStats> shown = List.copyOf(patterns.subList(0, Math.min(options.topPatterns(), patterns.size())));
        // The unknown source and "lua" are pre-interned: they are not connections.
        java.util.Set<String> hosts = new java.util.HashSet<>();
        for (int id = 2; id < model.clients().size(); id++) {
            hosts.add(Hosts.of(KeyText.display(model.clients().bytes(id))));
        }
        long connections = Math.max(0, model.clients().size() - 2);
        return new TrafficSummary(stats.distinctKeys(), stats.keyLimitReached(), connections, hosts.size(),
                stats.reads(), stats.fills(), stats.invalidations(), stats.ttlChanges(), stats.flushes(),
                commands.transactions(), commands.scriptCalls(), commands.otherCommands(),
                shown, patterns.size() - shown.size(), timeline.summary());
    }

    /** Whether input {@code i} (read already) was a packet capture, which shows a script's call but not its commands. */
    private boolean isPacketInput(int i) {
        return i >= 0 && i < files.size() && files.get(i).packets() != null;
    }

    private void onCommand(MonitorLine line) {
        long ts = line.timestampMicros();
        if (firstMicros == Long.MIN_VALUE) {
            firstMicros = ts;
            lastMicros = ts;
        } else if (ts < lastMicros) {
            outOfOrder++;
        } else {
            lastMicros = ts;
        }
        CacheCommand cmd = model.apply(line, recorder);
        commands.count(cmd.type(), line);
        if (cmd.type().isScript()) {
            scriptCalls.record(cmd, line);
        }
    }

    /** What every input's counts hand on: the shared model. */
    private final InputCounts.Engine engine = new InputCounts.Engine() {
        @Override
        public void command(MonitorLine line) {
            onCommand(line);
        }

        @Override
        public void ignored() {
            ignored++;
        }

        @Override
        public void malformed(String input, long lineNumber, String reason, byte[] buf, int start, int end) {
            recordBadLine(input, lineNumber, reason, buf, start, end);
        }
    };

    private void recordBadLine(String file, long lineNumber, String reason, byte[] buf, int start, int end) {
        if (badLines.size() < options.maxBadLines()) {
            int len = Math.min(end - start, BAD_LINE_TEXT_BYTES);
            String text = KeyText.display(buf, start, len) + (end - start > len ? "…" : "");
            badLines.add(new BadLine(file, lineNumber, reason, text));
        }
    }
}
