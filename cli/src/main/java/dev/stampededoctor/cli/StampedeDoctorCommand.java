package dev.stampededoctor.cli;

import dev.stampededoctor.cli.command.AnalyzeCommand;
import dev.stampededoctor.cli.command.CompletionCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The root command: {@code stampede-doctor <command>}. */
@Command(
        name = "stampede-doctor",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Finds cache stampedes and thundering herds in Redis-fronted databases.",
        description = {
            "Reads what Redis MONITOR shows, turns it into cache semantics (reads, fills, invalidations,"
                    + " TTLs) and reports stampedes: bursts of misses and redundant rebuilds after a key"
                    + " was deleted or expired.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  redis-cli monitor > capture.log   # Ctrl-C after 20-60 s",
            "  stampede-doctor analyze capture.log",
            "  stampede-doctor analyze --format json capture.log.gz | jq .stats",
            "  source <(stampede-doctor completion bash)",
        })
public final class StampedeDoctorCommand implements Runnable {
    /**
     * The commands, in help order. Added by {@link Main#commandLine}: all of them, or only the one
     * a run names (picocli builds each command's model by reflection, a large part of start-up).
     */
    static final java.util.Map<String, java.util.function.Supplier<Object>> COMMANDS = commands();

    private static java.util.Map<String, java.util.function.Supplier<Object>> commands() {
        java.util.Map<String, java.util.function.Supplier<Object>> m = new java.util.LinkedHashMap<>();
        m.put("analyze", AnalyzeCommand::new);
        m.put("scan", dev.stampededoctor.cli.command.ScanCommand::new);
        m.put("watch", dev.stampededoctor.cli.command.WatchCommand::new);
        m.put("check", dev.stampededoctor.cli.command.CheckCommand::new);
        m.put("simulate", dev.stampededoctor.cli.command.SimulateCommand::new);
        m.put("ttl-audit", dev.stampededoctor.cli.command.TtlAuditCommand::new);
        m.put("jitter", dev.stampededoctor.cli.command.JitterCommand::new);
        m.put("drill", dev.stampededoctor.cli.command.DrillCommand::new);
        m.put("exporter", dev.stampededoctor.cli.command.ExporterCommand::new);
        m.put("completion", CompletionCommand::new);
        return java.util.Collections.unmodifiableMap(m);
    }

    @Mixin
    GlobalOptions global;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The environment text output is drawn for; null: the process's. */
    java.util.Map<String, String> env;

    /** Whether stdout is a terminal; null: ask the terminal. */
    Boolean stdoutIsTerminal;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing command");
    }
}
