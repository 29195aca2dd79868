package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.ExitCode;
import dev.stampededoctor.cli.completion.Shell;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code completion bash|zsh|fish}: prints the completion script for a shell. The build writes
 * the distribution's {@code completions/} files through this same command, so they cannot differ.
 */
@Command(
        addMethodSubcommands = false,
        name = "completion",
        sortOptions = false,
        usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true,
        header = "Print the shell completion script for bash, zsh or fish.",
        description = {
            "Writes to stdout a script that completes commands, options and option values (report"
                    + " formats, shells) for stampede-doctor. The distribution ships the same scripts in"
                    + " its completions/ folder.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:The script was printed.",
            " 2:Usage error: no shell or an unknown one.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  source <(stampede-doctor completion bash)      # in ~/.bashrc",
            "  stampede-doctor completion zsh > ~/.zfunc/_stampede-doctor",
            "  stampede-doctor completion fish | source       # in config.fish",
        })
public final class CompletionCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SHELL", description = "The shell: ${COMPLETION-CANDIDATES}.")
    Shell shell;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // The whole tree: a run builds only the command it names (Main.commandLine).
        spec.commandLine().getOut().print(shell.script(dev.stampededoctor.cli.Main.commandLine(spec.commandLine().getOut(),
                spec.commandLine().getErr())));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
