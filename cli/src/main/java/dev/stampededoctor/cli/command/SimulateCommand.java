package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.ExitCode;
import dev.stampededoctor.cli.GeneratedAt;
import dev.stampededoctor.cli.UsageException;
import dev.stampededoctor.cli.input.CaptureInput;
import dev.stampededoctor.cli.input.CapturePlan;
import dev.stampededoctor.cli.render.SimulationRenderer;
import dev.stampededoctor.detectors.AnalyzerOptions;
import dev.stampededoctor.detectors.report.Target;
import dev.stampededoctor.detectors.simulate.CachePolicy;
import dev.stampededoctor.detectors.simulate.CaptureSimulator;
import dev.stampededoctor.detectors.simulate.Policies;
import dev.stampededoctor.detectors.simulate.SimulationReport;
import dev.stampededoctor.detectors.simulate.TraceTooLongException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code simulate}: a recorded MONITOR capture replayed under each cache policy. */
@Command(
        addMethodSubcommands = false,
        name = "simulate",
        sortOptions = false,
        usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true,
        header = "Replay a capture under each cache policy: the rebuilds each fix would save.",
        description = {
            "Replays the capture's reads, writes, deletes and TTLs through a model of the cache under"
                    + " each policy and counts the backend queries (rebuilds) each would have made, their"
                    + " peak concurrency, the misses, and the staleness it trades for them; then names the"
                    + " policy to apply first. The clients' reads are the demand, at their recorded times;"
                    + " a miss rebuilds unless the policy coalesces it, and a rebuild takes the rebuild"
                    + " time (the median miss-to-refill time in the capture, or --rebuild-ms).",
            "",
            "Policies (all by default; as-is is always replayed, as the baseline):",
            "as-is: the capture as it ran, the check that the model fits the traffic.",
            "jitter[=SPREAD%%]: each TTL written is drawn from within SPREAD of it (default 10%%).",
            "write-through: the writer overwrites a key instead of deleting it: no miss window.",
            "lock: one rebuild per key at a time; the other clients that miss wait for it.",
            "xfetch[=BETA]: a reader refreshes a value early, when now - rebuild time * BETA * ln(random)"
                    + " >= expiry (default 1).",
            "stale-while-revalidate[=WINDOW]: past its TTL a value is served stale for WINDOW more (e.g."
                    + " 30s, or 50%% of the TTL; default 100%%) while one background refresh runs.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {" 0:The capture was replayed.", " 2:Usage error or unreadable input."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  stampede-doctor simulate capture.log",
            "  stampede-doctor simulate --policy jitter=20%% --policy lock capture.log.gz",
            "  stampede-doctor simulate --rebuild-ms 250 --policy xfetch=beta=2 capture.log",
            "  stampede-doctor simulate -f json capture.log | jq .recommended",
        })
public final class SimulateCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "CAPTURE",
            description = "MONITOR capture file(s), plain or gzip, one capture: read in order, or merged by"
                    + " timestamp when recorded at the same time on several nodes (see --merge); '-' reads stdin.")
    List<Path> files;

    @Option(names = "--policy", paramLabel = "NAME[=PARAMS]", converter = PolicyConverter.class,
            completionCandidates = PolicyNames.class,
            description = "A policy to replay (repeatable): ${COMPLETION-CANDIDATES}. Default: all of them;"
                    + " as-is is always replayed, as the baseline.")
    List<CachePolicy> policies;

    @Option(names = "--rebuild-ms", paramLabel = "N",
            description = "How long a rebuild takes, in ms. Default: the median miss-to-refill time of the"
                    + " capture's rebuilds (50 ms when it has none).")
    Double rebuildMs;

    @Mixin
    PacketOptions packets;

    @Mixin
    MergeOptions merging;

    @Mixin
    OutputOptions output;

    @Option(names = "--max-keys", paramLabel = "N", defaultValue = "4000000",
            description = "Distinct keys replayed; operations on further keys are counted and left out"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxKeys;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        InputFiles.check(files, output.output());
        if (rebuildMs != null && !(rebuildMs > 0 && rebuildMs <= 3_600_000)) {
            throw new UsageException("--rebuild-ms must be above 0 and at most 3600000 (an hour)");
        }
        if (maxKeys < 1) {
            throw new UsageException("--max-keys must be at least 1");
        }
        output.output().checkWritable();
        SimulationRenderer renderer = SimulationRenderer.of(output.format(), output.style(dev.stampededoctor.cli.GlobalOptions.textStyle(spec)));
        CaptureSimulator simulator = new CaptureSimulator(AnalyzerOptions.DEFAULT_MAX_LINE_BYTES, maxKeys);
        simulator.serverPorts(packets.redisPorts());
        List<CaptureInput> inputs = files.stream().map(f -> CaptureInput.of(f.toString())).toList();
        CapturePlan plan = merging.plan(inputs, packets.redisPorts());
        if (plan.merged()) {
            try {
                simulator.readMerged(plan.mergeInputs());
            } catch (dev.stampededoctor.detectors.source.MergedReader.InputException e) {
                throw new UsageException("could not read " + e.inputName() + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UsageException("could not read the captures: " + e.getMessage(), e);
            } catch (TraceTooLongException e) {
                throw new UsageException(e.getMessage(), e);
            }
            inputs.forEach(this::warnIfCut);
        } else {
            for (CaptureInput input : inputs) {
                try (InputStream in = input.open()) {
                    simulator.read(input.name(), in);
                } catch (IOException e) {
                    throw new UsageException("could not read " + input.name() + ": " + e.getMessage(), e);
                } catch (TraceTooLongException e) {
                    throw new UsageException(e.getMessage(), e);
                }
                warnIfCut(input);
            }
        }
        if (simulator.parsed() == 0) {
            String names = files.stream().map(Path::toString).collect(Collectors.joining(", "));
            throw new UsageException("no MONITOR line found in " + names + "; is this a 'redis-cli monitor' capture?");
        }
        long rebuildMicros = rebuildMs == null ? -1 : Math.max(1, Math.round(rebuildMs * 1000));
        SimulationReport report = simulator.simulate(policies == null ? Policies.all() : policies, rebuildMicros)
                .withTarget(Target.capture(files.stream().map(Path::toString).toList()), GeneratedAt.now());
        output.output().write(spec.commandLine().getOut(), out -> renderer.render(report, out));
        return ExitCode.OK;
    }

    private void warnIfCut(CaptureInput input) {
        if (input.endedEarly() != null) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("warning: " + input.name() + ": " + input.endedEarly() + "; simulating the lines before");
            err.flush();
        }
    }

    /** {@code NAME[=PARAMS]} to a policy; a mistake is a usage error naming the known policies. */
    public static final class PolicyConverter extends ParsingConverter<CachePolicy> {
        public PolicyConverter() {
            super(Policies::parse);
        }
    }

    /** The policy names, for the help and every shell's completion. */
    public static final class PolicyNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Policies.names().iterator();
        }
    }
}
