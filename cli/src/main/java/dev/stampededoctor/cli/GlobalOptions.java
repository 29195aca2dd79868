package dev.stampededoctor.cli;

import dev.stampededoctor.cli.render.ColorMode;
import dev.stampededoctor.cli.render.TextStyle;
import dev.stampededoctor.cli.terminal.Terminals;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Options every command accepts. */
public final class GlobalOptions {

    @Option(names = "--verbose", description = "Show stack traces and diagnostic detail on stderr.",
            scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    @Option(names = "--color", paramLabel = "WHEN",
            description = "Colour in text output: ${COMPLETION-CANDIDATES}. auto (the default) colours only a"
                    + " terminal and never under NO_COLOR; always overrides NO_COLOR.",
            scope = CommandLine.ScopeType.INHERIT)
    ColorMode color;

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

    /**
     * How this command's text output is drawn: {@code --color} (given here or to a parent), the
     * environment ({@code COLUMNS}, the locale, {@code NO_COLOR}) and whether stdout is a
     * terminal, all as {@link Main#run(java.io.PrintWriter, java.io.PrintWriter, Map, boolean, String...)}
     * was given them.
     */
    public static TextStyle textStyle(CommandLine.Model.CommandSpec spec) {
        ColorMode mode = null;
        CommandLine root = spec.commandLine();
        for (CommandLine c = spec.commandLine(); c != null; c = c.getParent()) {
            CommandLine.Model.OptionSpec option = c.getCommandSpec().findOption("--color");
            if (mode == null && option != null && option.getValue() != null) {
                mode = option.getValue();
            }
            root = c;
        }
        Map<String, String> env = System.getenv();
        Boolean tty = null;
        if (root.getCommand() instanceof StampedeDoctorCommand r) {
            env = r.env != null ? r.env : env;
            tty = r.stdoutIsTerminal;
        }
        boolean terminal = tty != null ? tty : Terminals.stdoutIsTerminal();
        return TextStyle.detect(env, terminal, tty != null ? () -> 0 : Terminals::stdoutWidth, mode);
    }
}
