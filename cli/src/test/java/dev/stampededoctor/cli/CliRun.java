package dev.stampededoctor.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the tool through {@link Main#run}, with what it wrote to each stream. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Shown by AssertJ when an assertion on this run fails: both streams, so failures explain themselves. */
    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
    }
}
