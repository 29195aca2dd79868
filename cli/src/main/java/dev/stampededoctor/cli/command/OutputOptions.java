package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.render.OutputFormat;
import dev.stampededoctor.cli.terminal.Terminals;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --format} and {@code --output}, shared by every command that prints a report. */
public final class OutputOptions {

    @Mixin
    ReportOutput output;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
            description = "Report format: ${COMPLETION-CANDIDATES}. Default: by --output's extension, else text"
                    + " when stdout is a terminal, json when it is piped or redirected.")
    OutputFormat format;

    /** The chosen format, or the one --output's extension names, or the terminal-dependent default. */
    public OutputFormat format() {
        if (format != null) {
            return format;
        }
        String byExtension = output.formatByExtension();
        if (byExtension != null && !byExtension.equals("csv")) {
            return OutputFormat.valueOf(byExtension);
        }
        if (output.file != null) {
            return OutputFormat.json; // a file is not a terminal
        }
        return Terminals.stdoutIsTerminal() ? OutputFormat.text : OutputFormat.json;
    }

    /** The style text is drawn in: the terminal's, or plain (80 columns, no colour) into --output's file. */
    public dev.stampededoctor.cli.render.TextStyle style(dev.stampededoctor.cli.render.TextStyle terminal) {
        return output.file == null ? terminal : dev.stampededoctor.cli.render.TextStyle.PLAIN;
    }

    /** Where the report goes: {@code --output FILE} or stdout. */
    public ReportOutput output() {
        return output;
    }
}
