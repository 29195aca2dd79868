package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.render.OutputFormat;
import dev.stampededoctor.cli.terminal.Terminals;
import picocli.CommandLine.Option;

/** {@code --format}, shared by every command that prints a report. */
public final class OutputOptions {

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
            description = "Report format: ${COMPLETION-CANDIDATES}. Default: text when stdout is a terminal,"
                    + " json when it is piped or redirected.")
    OutputFormat format;

    /** The chosen format, or the terminal-dependent default. */
    public OutputFormat format() {
        if (format != null) {
            return format;
        }
        return Terminals.stdoutIsTerminal() ? OutputFormat.text : OutputFormat.json;
    }
}
