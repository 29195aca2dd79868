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
        subcommands = {AnalyzeCommand.class, dev.stampededoctor.cli.command.ScanCommand.class,
            dev.stampededoctor.cli.command.WatchCommand.class,
            dev.stampededoctor.cli.command.CheckCommand.class, dev.stampededoctor.cli.command.SimulateCommand.class,
            dev.stampededoctor.cli.command.TtlAuditCommand.class,
            dev.stampededoctor.cli.command.JitterCommand.class, dev.stampededoctor.cli.command.DrillCommand.class,
            dev.stampededoctor.cli.command.ExporterCommand.class,
            CompletionCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  redis-cli monitor > capture.log   # Ctrl-C after 20-60 s",
            "  stampede-doctor analyze capture.log",
            "  stampede-doctor analyze --format json capture.log.gz | jq .stats",
            "  source <(stampede-doctor completion bash)",
        })
public final class StampedeDoctorCommand implements Runnable {

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
