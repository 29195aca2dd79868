package dev.stampededoctor.cli.servers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs server binaries with their output sent to a log file, never to the test's stdout (Maven
 * output stays readable, and the log is what a failure message quotes).
 */
final class ChildProcesses {
    private static final int LOG_TAIL_CHARS = 4000;

    private ChildProcesses() {
    }

    /** Starts {@code command} in {@code dir}, stdout and stderr appended to {@code log}. */
    static Process start(List<String> command, Path dir, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("LC_ALL", "C");
        return pb.start();
    }

    /**
     * Runs {@code command} to its end within {@code timeout}; throws with the log's tail when it
     * fails or overruns (and kills it then).
     */
    static void run(List<String> command, Path dir, Path log, Duration timeout) throws IOException {
        Process p = start(command, dir, log);
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(p, Duration.ofSeconds(2));
                throw new IOException(String.join(" ", command) + " did not finish within " + timeout
                        + "; log " + log + ":\n" + tail(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(p, Duration.ofSeconds(2));
            throw new IOException("interrupted while running " + command.get(0), e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + p.exitValue() + "; log " + log
                    + ":\n" + tail(log));
        }
    }

    /** Output of a short command such as {@code redis-server --version}, or null when it fails or overruns. */
    static String output(List<String> command, Duration timeout) {
        Path out = null;
        try {
            out = Files.createTempFile("stampede-cmd-", ".out");
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(p, Duration.ofSeconds(1));
                return null;
            }
            return p.exitValue() == 0 ? Files.readString(out, StandardCharsets.UTF_8).trim() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a stray file in the temp dir is harmless
                }
            }
        }
    }

    /** SIGTERM, then SIGKILL when it has not gone within {@code grace}. */
    static void stop(Process p, Duration grace) {
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    /** The last few KB of a log, for failure messages. */
    static String tail(Path log) {
        try {
            if (!Files.exists(log)) {
                return "(no log written)";
            }
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            return text.length() <= LOG_TAIL_CHARS ? text : "..." + text.substring(text.length() - LOG_TAIL_CHARS);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
