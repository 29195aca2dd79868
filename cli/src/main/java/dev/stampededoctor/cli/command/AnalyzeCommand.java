package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.ExitCode;
import dev.stampededoctor.cli.GeneratedAt;
import dev.stampededoctor.cli.UsageException;
import dev.stampededoctor.cli.input.CaptureInput;
import dev.stampededoctor.cli.input.CapturePlan;
import dev.stampededoctor.cli.render.ReportRenderer;
import dev.stampededoctor.cli.terminal.ProgressLine;
import dev.stampededoctor.cli.terminal.Terminals;
import dev.stampededoctor.detectors.AnalyzerOptions;
import dev.stampededoctor.detectors.CaptureAnalyzer;
import dev.stampededoctor.detectors.report.Report;
import dev.stampededoctor.detectors.report.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code analyze}: a recorded MONITOR capture in, a report out. */
@Command(
        addMethodSubcommands = false,
        name = "analyze",
        sortOptions = false,
        usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true,
        header = "Analyse a recorded capture: Redis MONITOR text or packets of Redis traffic.",
        description = {
            "Reads captures made with 'redis-cli monitor' (with or without its OK line), raw MONITOR"
                    + " server lines, or pre-2.6 '(db N)' lines; plain or gzip. Malformed lines are counted,"
                    + " quoted and skipped.",
            "Several files are one capture: read in order (a capture split in parts), or, when they were"
                    + " recorded at the same time on several nodes (a cluster's primaries), merged by timestamp"
                    + " with each file one node, which every event and incident names (see --merge).",
            "Also reads packet captures of Redis traffic (pcap or pcapng, plain or gzip, told by their"
                    + " first bytes), as 'tcpdump -w' writes them: the replies show every miss"
                    + " (missSource: reply) and cost Redis nothing to record. With several --redis-port (one"
                    + " capture beside several servers), each event names the server (ip:port) it was on.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  stampede-doctor analyze capture.log",
            "  stampede-doctor analyze -f markdown a.log.gz b.log.gz > incident.md",
            "  stampede-doctor analyze scan/monitor-*.log   # a cluster's nodes, merged",
            "  redis-cli monitor | head -n 200000 | stampede-doctor analyze -f json -",
            "  tcpdump -i any -w traffic.pcap port 6379   # then:",
            "  stampede-doctor analyze traffic.pcap",
        })
public final class AnalyzeCommand implements Callable<Integer> {
    private static final long PROGRESS_MIN_BYTES = 64L << 20;

    // Paths rather than strings so that every shell's completion offers file names here.
    @Parameters(arity = "1..*", paramLabel = "FILE",
            description = "MONITOR capture or packet capture file(s), plain or gzip; '-' reads stdin.")
    List<Path> files;

    @Mixin
    PacketOptions packets;

    @Mixin
    MergeOptions merging;

    @Mixin
    OutputOptions output;

    @Mixin
    DetectionOptions detection;

    @Option(names = "--bad-lines", paramLabel = "N", defaultValue = "10",
            description = "Malformed lines quoted in the report (default: ${DEFAULT-VALUE}).")
    int badLines;

    @Option(names = "--max-line-bytes", paramLabel = "BYTES", defaultValue = "4194304",
            description = "Longer lines are reported as malformed and skipped (default: ${DEFAULT-VALUE}).")
    int maxLineBytes;

    @Option(names = "--replica",
            description = "The capture comes from a replica: DELs from the master's link may be expiries, so"
                    + " invalidation stampedes get a lower confidence.")
    boolean replica;

    @Option(names = "--master-link", paramLabel = "IP:PORT",
            description = "The capture comes from a replica whose master link MONITOR names IP:PORT (CLIENT LIST's"
                    + " flags=M client): its single-key DEL/UNLINK are expiries unless the key's TTL ran on."
                    + " Implies --replica.")
    String masterLink;

    @Option(names = "--pg-samples", paramLabel = "FILE",
            description = "PostgreSQL samples saved by 'scan --save' (pg-samples.jsonl): correlate the events with them.")
    java.nio.file.Path pgSamples;

    @Option(names = "--no-progress", description = "Never show the progress line on stderr.")
    boolean noProgress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        validate();
        output.output().checkWritable();
        List<CaptureInput> inputs = new ArrayList<>();
        for (Path file : files) {
            inputs.add(CaptureInput.of(file.toString()));
        }
        CaptureAnalyzer analyzer = new CaptureAnalyzer(detection.apply(AnalyzerOptions.defaults())
                .withMaxBadLines(badLines).withMaxLineBytes(maxLineBytes).withReplica(replica || masterLink != null));
        analyzer.masterLink(masterLink);
        java.util.function.IntPredicate redisPorts = packets.redisPorts();
        analyzer.serverPorts(redisPorts);
        if (packets.severalPorts()) {
            analyzer.serverNodes(server -> server); // several servers in a capture: each is a node
        }
        analyzer.packetCommandsOnThreadOfTheirOwn(); // every input is read to its end before the report
        CapturePlan plan = merging.plan(inputs, redisPorts);
        Supplier<ReportRenderer> renderer = output.format().prepare(output.style(dev.stampededoctor.cli.GlobalOptions.textStyle(spec)));
        PrintWriter err = spec.commandLine().getErr();
        List<String> cutShort = new ArrayList<>();
        try (ProgressLine progress = progressFor(inputs, err)) {
            if (plan.merged()) {
                readMerged(analyzer, plan, cutShort);
            } else {
                for (CaptureInput input : inputs) {
                    try (InputStream in = input.open()) {
                        analyzer.read(input.name(), in);
                    } catch (IOException e) {
                        throw new UsageException("could not read " + input.name() + ": " + e.getMessage(), e);
                    }
                    if (input.endedEarly() != null) {
                        analyzer.endedEarly(input.endedEarly());
                        cutShort.add(input.name() + ": " + input.endedEarly());
                    }
                }
            }
        }
        Report report = AdviceReplay.rank(analyzer.report(), plan, maxLineBytes, detection.maxKeys(), redisPorts)
                .withTarget(Target.capture(files.stream().map(Path::toString).toList()), GeneratedAt.now());
        if (pgSamples != null) {
            dev.stampededoctor.cli.postgres.SampleFiles.Loaded loaded =
                    dev.stampededoctor.cli.postgres.SampleFiles.read(pgSamples);
            java.util.List<dev.stampededoctor.detectors.db.DbSample> samples = loaded.samples();
            String skipped = loaded.note(pgSamples);
            if (skipped != null) {
                spec.commandLine().getErr().println("stampede-doctor: warning: " + skipped);
            }
            report = report.withDatabase(pgSamples.toString(), samples,
                    dev.stampededoctor.cli.postgres.SampleFiles.intervalMs(samples),
                    skipped == null ? java.util.List.of() : java.util.List.of(skipped), ScanCommand.MIN_BURST, null);
        }
        if (report.input().parsed() == 0 && !cutShort.isEmpty()) {
            throw new UsageException("could not read " + cutShort.get(0));
        }
        if (report.input().parsed() == 0 && report.input().files().stream().anyMatch(f -> f.packets() != null)) {
            dev.stampededoctor.detectors.report.PacketCapture p = report.input().files().stream()
                    .filter(f -> f.packets() != null).findFirst().orElseThrow().packets();
            throw new UsageException("no Redis command found in the packets of "
                    + files.stream().map(Path::toString).collect(Collectors.joining(", ")) + " (" + p.packets()
                    + " packet(s), " + p.connections() + " connection(s)" + (p.tlsConnections() > 0
                    ? ", " + p.tlsConnections() + " of them TLS, which cannot be read" : "")
                    + "); is Redis on another port (--redis-port)?");
        }
        if (report.input().parsed() == 0) {
            String names = files.stream().map(Path::toString).collect(Collectors.joining(", "));
            throw new UsageException("no MONITOR line found in " + names
                    + " (" + report.input().lines() + " line(s) read, " + report.input().unparseable()
                    + " malformed); is this a 'redis-cli monitor' capture?");
        }
        for (String input : cutShort) {
            err.println("warning: " + input + "; the report covers the lines before");
        }
        err.flush();
        Report done = report;
        output.output().write(spec.commandLine().getOut(), out -> renderer.get().render(done, out));
        return report.foundProblems() ? ExitCode.FOUND : ExitCode.OK;
    }

    /** The inputs merged by timestamp, each one node's; an input that cannot be read is a usage error naming it. */
    private static void readMerged(CaptureAnalyzer analyzer, CapturePlan plan, List<String> cutShort) {
        try {
            analyzer.readMerged(plan.mergeInputs());
        } catch (dev.stampededoctor.detectors.source.MergedReader.InputException e) {
            throw new UsageException("could not read " + e.inputName() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UsageException("could not read the captures: " + e.getMessage(), e);
        }
        for (CaptureInput input : plan.inputs()) {
            if (input.endedEarly() != null) {
                cutShort.add(input.name() + ": " + input.endedEarly());
            }
        }
    }

    private void validateMasterLink() {
        if (masterLink != null && !masterLink.matches("(\\[[0-9a-fA-F:.]+\\]|[^:\\s]+):\\d{1,5}")) {
            throw new UsageException("--master-link " + masterLink + ": IP:PORT as MONITOR names a client, e.g."
                    + " 10.0.0.5:6379");
        }
    }

    private void validate() {
        validateMasterLink();
        InputFiles.check(files, output.output());
        if (badLines < 0) {
            throw new UsageException("--bad-lines must not be negative");
        }
        if (maxLineBytes < 1024) {
            throw new UsageException("--max-line-bytes must be at least 1024");
        }
        String tooLong = lineLimitProblem(maxLineBytes, Runtime.getRuntime().maxMemory());
        if (tooLong != null) {
            throw new UsageException(tooLong);
        }
    }

    /**
     * Why {@code --max-line-bytes} cannot work in a heap of {@code heapBytes}, or null. A line is
     * held whole while it is read, in a buffer that grows by doubling: leave the heap room for the
     * key tables beside it.
     */
    public static String lineLimitProblem(long maxLineBytes, long heapBytes) {
        if (maxLineBytes <= heapBytes / 4) {
            return null;
        }
        return String.format(Locale.ROOT, "--max-line-bytes %d needs more memory than this JVM's heap of %d MB allows"
                + " (at most a quarter of it); raise it with JAVA_OPTS=-Xmx…", maxLineBytes, heapBytes >> 20);
    }

    /** A progress line for big inputs when stderr is a terminal; otherwise a no-op. */
    private ProgressLine progressFor(List<CaptureInput> inputs, PrintWriter err) {
        long total = 0;
        boolean unknownSize = false;
        for (CaptureInput input : inputs) {
            long size = input.size();
            unknownSize |= size < 0;
            total += Math.max(0, size);
        }
        if (noProgress || (!unknownSize && total < PROGRESS_MIN_BYTES) || !Terminals.stderrIsTerminal()) {
            return null;
        }
        return new ProgressLine(err, "analyze", () -> inputs.stream().mapToLong(CaptureInput::bytesRead).sum(),
                unknownSize ? -1 : total);
    }
}
