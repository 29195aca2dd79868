package dev.stampededoctor.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** One run of the tool through {@link Main#run}, with what it wrote to each stream. */
record CliRun(int exitCode, String out, String err) {
    /** What text output is pinned for: a UTF-8 locale, no COLUMNS (80), stdout not a terminal. */
    static final Map<String, String> ENV = Map.of("LANG", "C.UTF-8");

    static CliRun of(String... args) {
        return withEnv(ENV, args);
    }

    /** A run in environment {@code env}, stdout not a terminal. */
    static CliRun withEnv(Map<String, String> env, String... args) {
        return withEnv(env, false, args);
    }

    /** A run in environment {@code env}, stdout a terminal or not. */
    static CliRun withEnv(Map<String, String> env, boolean stdoutIsTerminal, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), env, stdoutIsTerminal, args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Shown by AssertJ when an assertion on this run fails: both streams, so failures explain themselves. */
    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
    }
}
