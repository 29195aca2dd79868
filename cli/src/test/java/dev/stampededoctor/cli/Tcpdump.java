package dev.stampededoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code tcpdump} recording loopback traffic of one port to a file, bounded in time: the
 * packet-capture tests' recorder. Its packets come on stdout ({@code -w -}), so the file belongs
 * to the test, whatever user tcpdump drops to.
 */
final class Tcpdump implements AutoCloseable {
    private static final long MAX_SECONDS = 60;

    private final Process process;
    private final Thread copier;
    private final StringBuilder messages = new StringBuilder();

    private Tcpdump(Process process, Path file) throws IOException {
        this.process = process;
        OutputStream out = Files.newOutputStream(file);
        this.copier = new Thread(() -> {
            try (InputStream in = process.getInputStream(); out) {
                in.transferTo(out);
            } catch (IOException e) {
                // the file is checked by the test
            }
        }, "tcpdump-copier");
        copier.start();
    }

    /** Starts capturing {@code filter} on {@code lo} into {@code file}; returns once tcpdump listens. */
    static Tcpdump start(Path file, String... filter) throws Exception {
        return startIn(null, file, filter);
    }

    /** As {@link #start}, on the loopback of network namespace {@code namespace} (null: this one). */
    static Tcpdump startIn(String namespace, Path file, String... filter) throws Exception {
        return startIn(namespace, 0, file, filter);
    }

    /** As {@link #start}, keeping only the first {@code snapLength} bytes of each packet (0: all). */
    static Tcpdump startCutting(int snapLength, Path file, String... filter) throws Exception {
        return startIn(null, snapLength, file, filter);
    }

    private static Tcpdump startIn(String namespace, int snapLength, Path file, String... filter) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        if (namespace != null) {
            command.addAll(List.of("ip", "netns", "exec", namespace));
        }
        command.addAll(List.of("timeout", String.valueOf(MAX_SECONDS), "tcpdump",
                "-i", "lo", "-U", "--immediate-mode", "-B", "32768", "-n", "-s", String.valueOf(snapLength), "-w", "-"));
        command.addAll(List.of(filter));
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new AssertionError("tcpdump is needed for this test: apt-get install tcpdump (and run as root or"
                    + " with CAP_NET_RAW)", e);
        }
        Tcpdump t = new Tcpdump(p, file);
        CountDownLatch listening = new CountDownLatch(1);
        Thread errors = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (t.messages) {
                        t.messages.append(line).append('\n');
                    }
                    if (line.contains("listening on")) {
                        listening.countDown();
                    }
                }
            } catch (IOException e) {
                // ends with the process
            }
        }, "tcpdump-stderr");
        errors.setDaemon(true);
        errors.start();
        assertThat(listening.await(10, TimeUnit.SECONDS)).as("tcpdump started: %s", t.messages()).isTrue();
        return t;
    }

    String messages() {
        synchronized (messages) {
            return messages.toString();
        }
    }

    /** Stops tcpdump (SIGTERM: it writes what it holds) and waits for the file to be complete. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        copier.join(10_000);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
