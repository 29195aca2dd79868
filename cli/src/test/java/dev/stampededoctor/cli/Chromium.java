package dev.stampededoctor.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium, driven from the command line (no WebDriver): {@code --dump-dom} for
 * the DOM after the page loaded, {@code --screenshot} for a PNG, and {@code --enable-logging} for
 * what the page wrote to the console. Missing, it fails the test and says what to install: a
 * report no browser opened is not tested.
 */
final class Chromium {
    private static final long TIMEOUT_SECONDS = 90;
    /** Flags that keep it off the network (the closed network here refuses it) and out of the user's profile. */
    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", "--enable-logging=stderr", "--v=0");

    /** What one run of the browser left: its stdout (the DOM with --dump-dom) and the page's console lines. */
    record Page(String dom, List<String> console) {
    }

    private final Path binary;
    private final Path work;

    private Chromium(Path binary, Path work) {
        this.binary = binary;
        this.work = work;
    }

    /** The {@code chromium} on PATH, working in {@code work}; throws {@link AssertionError} naming the package when there is none. */
    static Chromium find(Path work) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return new Chromium(p, work);
                }
            }
        }
        throw new AssertionError("chromium is not installed: HtmlReportIT opens the HTML reports in a real headless"
                + " browser. Install Debian's package: apt-get install chromium (.ci/run does).");
    }

    /** Loads {@code html} and returns the DOM as the browser built it, with the console messages. */
    Page dumpDom(Path html) throws IOException, InterruptedException {
        return run(html, "--dump-dom");
    }

    /** Loads {@code html} in a {@code width}×{@code height} window and writes a PNG of it to {@code png}. */
    Page screenshot(Path html, Path png, int width, int height) throws IOException, InterruptedException {
        return run(html, "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height);
    }

    private Page run(Path html, String... extra) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        Path out = Files.createTempFile(work, "chromium", ".out");
        Path err = Files.createTempFile(work, "chromium", ".err");
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + profile);
        command.addAll(List.of(extra));
        command.add(html.toAbsolutePath().toUri().toString());
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command);
        }
        String log = Files.readString(err, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError("chromium exited " + p.exitValue() + ": " + command + "\n" + log);
        }
        // With --enable-logging, everything a page writes to the console (errors, uncaught
        // exceptions, refused loads) is an INFO:CONSOLE line; our pages have no script, so any is a fault.
        List<String> console = log.lines().filter(l -> l.contains(":CONSOLE")).toList();
        return new Page(Files.readString(out, StandardCharsets.UTF_8), console);
    }
}
