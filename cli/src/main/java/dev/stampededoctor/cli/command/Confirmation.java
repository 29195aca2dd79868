package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.UsageException;
import dev.stampededoctor.cli.terminal.Terminals;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The "are you sure" of commands that write: {@code --yes}, else ask on a terminal, else refuse. */
final class Confirmation {
    private Confirmation() {
    }

    /** Returns normally when the user agreed; throws when they did not or cannot be asked. */
    static void require(boolean yes, String what, PrintWriter err) {
        if (yes) {
            return;
        }
        if (!Terminals.stdinIsTerminal() || !Terminals.stderrIsTerminal()) {
            throw new UsageException("refusing to " + what + " without --yes (no terminal to ask on)");
        }
        err.print("About to " + what + ". Type 'yes' to go on: ");
        err.flush();
        String answer;
        try {
            answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null || !answer.strip().equalsIgnoreCase("yes")) {
            throw new UsageException("not confirmed; nothing was changed");
        }
    }
}
