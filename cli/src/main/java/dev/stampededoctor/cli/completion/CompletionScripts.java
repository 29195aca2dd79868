package dev.stampededoctor.cli.completion;

import dev.stampededoctor.cli.ExitCode;
import dev.stampededoctor.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Build step: writes the bash, zsh and fish scripts into a directory by running
 * {@code stampede-doctor completion SHELL} in process, so the shipped files are exactly what the
 * command prints. Any failure exits non-zero and fails the build.
 */
public final class CompletionScripts {

    private CompletionScripts() {
    }

    /** Argument: the output directory. */
    public static void main(String... args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: CompletionScripts OUTPUT_DIR");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        String command = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
                .getCommandName();
        for (Shell shell : Shell.values()) {
            StringWriter script = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new PrintWriter(script), new PrintWriter(err), "completion", shell.name());
            if (code != ExitCode.OK || script.toString().isEmpty()) {
                System.err.println("completion " + shell + " failed with exit code " + code + ": " + err);
                System.exit(1);
            }
            Files.writeString(dir.resolve(shell.fileName(command)), script.toString(), StandardCharsets.UTF_8);
        }
    }
}
