package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.GlobalOptions;
import dev.stampededoctor.cli.UsageException;
import dev.stampededoctor.cli.render.OutputFormat;
import dev.stampededoctor.cli.render.ReportRenderer;
import dev.stampededoctor.cli.render.TextStyle;
import dev.stampededoctor.cli.terminal.Terminals;
import dev.stampededoctor.cli.watch.WatchFrame;
import dev.stampededoctor.cli.watch.WatchScreen;
import dev.stampededoctor.detectors.report.Report;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code watch}: scan with a full-screen live view, then the same report. */
@Command(
        addMethodSubcommands = false,
        name = "watch",
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Watch a live Redis on a full-screen view that redraws in place, then report.",
        description = {
            "Everything scan does (MONITOR for --duration, INFO once a second, the output-buffer guard,"
                    + " --postgres, --notifications put back on every exit), drawn on the terminal once per"
                    + " --interval: stampedes in progress, incidents so far, hot keys, patterns and PostgreSQL's"
                    + " identical active queries. Keys: q quit, p pause, s sort, / filter, ↑↓ and Enter an"
                    + " incident, ? help. When the screen closes (q, Ctrl-C, SIGTERM, the end of --duration, a"
                    + " lost connection) the terminal is put back and the full report is printed, or written to"
                    + " --report. Needs a terminal: for scripts use scan. Read-only.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  stampede-doctor watch --redis redis://cache.internal:6379",
            "  stampede-doctor watch --redis redis://cache:6379 \\",
            "      --postgres postgresql://ops@db:5432/shop --report /var/tmp/incident-42.md",
        })
public final class WatchCommand extends ScanCommand {
    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "How often the screen is redrawn, at least 200ms (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Write the report to FILE, in the format its extension names (.txt, .json, .md, .html),"
                    + " instead of printing it when the screen closes.")
    Path reportFile;

    @Override
    Duration defaultDuration() {
        return Duration.ofMinutes(5);
    }

    @Override
    void checkBeforeConnecting() {
        if (!Terminals.stdoutIsTerminal() || !Terminals.stdinIsTerminal()) {
            throw new UsageException("watch needs a terminal on stdin and stdout; in scripts and pipes use"
                    + " 'stampede-doctor scan', which prints the same report");
        }
        if (interval.toMillis() < 200) {
            throw new UsageException("--interval must be at least 200ms");
        }
        if (reportFile != null && output.output().file != null) {
            throw new UsageException("give one of --report and --output");
        }
        if (reportFile != null) {
            reportFormat(reportFile);
            Path dir = reportFile.toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                throw new UsageException("cannot write --report " + reportFile + ": " + dir + " is not a directory");
            }
        }
    }

    @Override
    AutoCloseable liveView(LiveParts parts, PrintWriter err) {
        String target = parts.target().withoutCredentials() + (parts.nodes() > 1 ? " and " + (parts.nodes() - 1)
                + " more node(s)" : "");
        WatchFrame.Header header = new WatchFrame.Header(target, parts.info().get("role"),
                parts.info().get("redis_version"), "MONITOR", parts.notifications(), parts.nodes());
        String db = postgres == null ? null : dev.stampededoctor.cli.postgres.PostgresUrl.parse(postgres, System.getenv())
                .withoutCredentials();
        boolean unicode = GlobalOptions.textStyle(spec).unicode();
        try {
            WatchScreen screen = WatchScreen.open(header, parts.sampler() == null ? null : db, parts.source(),
                    parts.analyzer(), parts.infoSamples(), parts.sampler(), interval.toNanos(),
                    parts.startNanos() + parts.duration().toNanos(), unicode);
            return () -> {
                screen.close();
                if (screen.failure() != null) {
                    err.println("stampede-doctor: warning: the screen stopped updating (" + screen.failure()
                            + "); the report below is complete");
                }
            };
        } catch (IOException | RuntimeException e) {
            err.println("stampede-doctor: warning: cannot draw on this terminal (" + e.getMessage()
                    + "); watching without the screen");
            return super.liveView(parts, err);
        }
    }

    @Override
    void write(Report report, Supplier<ReportRenderer> renderer) {
        if (reportFile == null) {
            super.write(report, renderer);
            return;
        }
        OutputFormat format = reportFormat(reportFile);
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(reportFile, StandardCharsets.UTF_8))) {
            format.prepare(TextStyle.PLAIN).get().render(report, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("stampede-doctor: report written to " + reportFile + (report.verdict() == null ? ""
                : ": " + report.verdict().summary()));
        err.flush();
    }

    /** The format a report file's extension names. */
    static OutputFormat reportFormat(Path file) {
        String format = ReportOutput.formatOf(file);
        for (OutputFormat f : OutputFormat.values()) {
            if (f.name().equals(format)) {
                return f;
            }
        }
        throw new UsageException("--report " + file + ": name the format by the extension (.txt, .json, .md, .html,"
                + " .prom)");
    }
}
