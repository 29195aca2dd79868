package dev.stampededoctor.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Options every command accepts. */
public final class GlobalOptions {

    @Option(names = "--verbose", description = "Show stack traces and diagnostic detail on stderr.",
            scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    /** True when {@code --verbose} was given to this command or any parent. */
    static boolean isVerbose(CommandLine cmd) {
        for (CommandLine c = cmd; c != null; c = c.getParent()) {
            CommandLine.Model.OptionSpec option = c.getCommandSpec().findOption("--verbose");
            if (option != null && Boolean.TRUE.equals(option.getValue())) {
                return true;
            }
        }
        return false;
    }
}
