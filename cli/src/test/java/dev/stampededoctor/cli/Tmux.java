package dev.stampededoctor.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real terminal for tests: a tmux server of its own (its own socket), one session running a
 * script, read back with {@code capture-pane}. Missing tmux fails the test, naming the package.
 */
final class Tmux implements AutoCloseable {
    private final String socket;
    private final String session = "t";

    private Tmux(String socket) {
        this.socket = socket;
    }

    /** Starts {@code script} (bash) in a detached session of {@code cols}×{@code rows}. */
    static Tmux start(Path script, int cols, int rows) throws IOException, InterruptedException {
        Tmux t = new Tmux("sd-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        t.run("new-session", "-d", "-s", t.session, "-x", String.valueOf(cols), "-y", String.valueOf(rows),
                "bash " + script.toAbsolutePath());
        return t;
    }

    /** The visible screen, one string per row (trailing blanks cut). */
    List<String> screen() throws IOException, InterruptedException {
        String text = run("capture-pane", "-p", "-t", session);
        return List.of((text.endsWith("\n") ? text.substring(0, text.length() - 1) : text).split("\n", -1));
    }

    /** The screen and up to {@code history} lines above it. */
    String scrollback(int history) throws IOException, InterruptedException {
        return run("capture-pane", "-p", "-S", "-" + history, "-t", session);
    }

    void keys(String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", session));
        args.addAll(List.of(keys));
        run(args.toArray(String[]::new));
    }

    void resize(int cols, int rows) throws IOException, InterruptedException {
        run("resize-window", "-t", session, "-x", String.valueOf(cols), "-y", String.valueOf(rows));
    }

    /** The pid of the pane's shell. */
    long panePid() throws IOException, InterruptedException {
        return Long.parseLong(run("list-panes", "-t", session, "-F", "#{pane_pid}").strip());
    }

    String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-u", "-L", socket));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("tmux is needed for the terminal tests: apt-get install tmux", e);
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("tmux " + String.join(" ", args) + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Waits for {@code file} to exist and hold a line, up to {@code millis}; its text, or null. */
    static String await(Path file, long millis) throws IOException, InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            if (Files.exists(file)) {
                String text = Files.readString(file);
                if (text.endsWith("\n")) {
                    return text.strip();
                }
            }
            Thread.sleep(100);
        }
        return null;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            run("kill-server");
        } catch (IOException e) {
            // the server ended with its last session
        }
    }
}
