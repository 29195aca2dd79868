package dev.stampededoctor.cli;

import dev.stampededoctor.cli.command.AnalyzeCommand;
import dev.stampededoctor.cli.command.CompletionCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The root command: {@code stampede-doctor <command>}.
 *
 * <p>Every command says {@code addMethodSubcommands = false}: none has methods for subcommands, and
 * picocli otherwise looks through each command class's methods for them, reading their
 * annotations, at every start (about 6 ms of {@code --version}, 13 ms of {@code analyze}).
 */
@Command(
        addMethodSubcommands = false,
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
    static final java.util.Map<String, Class<?>> COMMANDS = commands();

    /**
     * Each command's class, made by picocli when the command is added. Class literals rather than
     * constructor references: each reference was a call site to link at start-up, even for
     * {@code --version}.
     */
    private static java.util.Map<String, Class<?>> commands() {
        java.util.Map<String, Class<?>> m = new java.util.LinkedHashMap<>();
        m.put("analyze", AnalyzeCommand.class);
        m.put("scan", dev.stampededoctor.cli.command.ScanCommand.class);
        m.put("watch", dev.stampededoctor.cli.command.WatchCommand.class);
        m.put("check", dev.stampededoctor.cli.command.CheckCommand.class);
        m.put("simulate", dev.stampededoctor.cli.command.SimulateCommand.class);
        m.put("ttl-audit", dev.stampededoctor.cli.command.TtlAuditCommand.class);
        m.put("jitter", dev.stampededoctor.cli.command.JitterCommand.class);
        m.put("drill", dev.stampededoctor.cli.command.DrillCommand.class);
        m.put("exporter", dev.stampededoctor.cli.command.ExporterCommand.class);
        m.put("completion", CompletionCommand.class);
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
