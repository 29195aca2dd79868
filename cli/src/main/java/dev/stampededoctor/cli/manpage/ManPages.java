package dev.stampededoctor.cli.manpage;

import dev.stampededoctor.cli.Main;
import dev.stampededoctor.cli.completion.CompletionModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Build step: writes one man page per command into a directory (completions/pom.xml runs it).
 *
 * <pre>{@code
 * java -cp ... dev.stampededoctor.cli.manpage.ManPages target/man/man1 0.1.0 2026-11-23T00:00:00Z
 * }</pre>
 */
public final class ManPages {

    private ManPages() {
    }

    /** Arguments: the output directory, the version, and the release time (project.build.outputTimestamp). */
    public static void main(String... args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: ManPages OUTPUT_DIR VERSION OUTPUT_TIMESTAMP");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        String date = date(args[2]).toString();
        for (CommandSpec spec : commands(root().getCommandSpec())) {
            Files.writeString(dir.resolve(ManPage.name(spec) + ".1"), ManPage.render(spec, args[1], date),
                    StandardCharsets.UTF_8);
        }
    }

    /** The tree as users run it, help texts and exit codes included. */
    static CommandLine root() {
        PrintWriter sink = new PrintWriter(new StringWriter());
        return Main.commandLine(sink, sink);
    }

    /** The root and every visible command below it, depth first. */
    public static List<CommandSpec> commands(CommandSpec root) {
        List<CommandSpec> all = new ArrayList<>();
        all.add(root);
        for (CommandSpec sub : CompletionModel.subcommands(root).values()) {
            all.addAll(commands(sub));
        }
        return all;
    }

    /** Maven's outputTimestamp is ISO 8601 or seconds since the epoch. */
    static LocalDate date(String outputTimestamp) {
        if (outputTimestamp.chars().allMatch(Character::isDigit)) {
            return Instant.ofEpochSecond(Long.parseLong(outputTimestamp)).atOffset(ZoneOffset.UTC).toLocalDate();
        }
        return OffsetDateTime.parse(outputTimestamp).atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
    }
}
