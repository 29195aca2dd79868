package dev.stampededoctor.cli.redis;

import dev.stampededoctor.cli.ConnectionException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Packets of the Redis traffic on this host, from a {@code tcpdump} child writing pcap to its
 * stdout ({@code -U -w -}), read live as a capture: it costs Redis nothing. Bounded: tcpdump is
 * stopped (SIGTERM, so that it writes what it holds) at the deadline, on {@link #stop} and when
 * the JVM exits; the stream then ends.
 */
public final class TcpdumpSource extends LiveSource {
    private static final long START_SECONDS = 10;

    private final Process process;
    private final InputStream raw;
    private final List<String> messages = new ArrayList<>();
    private final Thread deadline;
    private volatile boolean listening;
    private volatile long bytes;

    private TcpdumpSource(Process process, long durationNanos, OutputStream save) {
        this.process = process;
        this.raw = process.getInputStream();
        saveTo(save);
        this.deadline = new Thread(() -> {
            try {
                if (!process.waitFor(durationNanos, TimeUnit.NANOSECONDS)) {
                    stop("duration");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tcpdump-deadline");
        deadline.setDaemon(true);
    }

    /**
     * Starts {@code tcpdump} on {@code iface} with capture filter {@code filter}; returns once it
     * listens. Fails with one line naming the fix when tcpdump is missing, may not capture, or
     * refuses the filter or the interface.
     */
    public static TcpdumpSource start(String iface, String filter, long durationNanos, OutputStream save)
            throws ConnectionException {
        List<String> command = List.of("tcpdump", "-i", iface, "-U", "--immediate-mode", "-B", "32768", "-n",
                "-s", "0", "-w", "-", filter);
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new ConnectionException("cannot run tcpdump (" + e.getMessage() + "): install it (Debian, Ubuntu:"
                    + " apt-get install tcpdump) or use --source monitor", e);
        }
        TcpdumpSource source = new TcpdumpSource(p, durationNanos, save);
        CountDownLatch listening = new CountDownLatch(1);
        Thread errors = new Thread(() -> source.readMessages(listening), "tcpdump-stderr");
        errors.setDaemon(true);
        errors.start();
        try {
            boolean started = listening.await(START_SECONDS, TimeUnit.SECONDS) && source.listening && p.isAlive();
            if (!started) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                errors.join(1_000);
                throw new ConnectionException(source.whyNotStarted(iface), null);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ConnectionException("interrupted while tcpdump started", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "tcpdump-stop"));
        source.deadline.start();
        return source;
    }

    private void readMessages(CountDownLatch listening) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (messages) {
                    if (messages.size() < 50) {
                        messages.add(line);
                    }
                }
                if (line.contains("listening on")) {
                    this.listening = true;
                    listening.countDown();
                }
            }
        } catch (IOException e) {
            // the process ended
        } finally {
            listening.countDown();
        }
    }

    private String whyNotStarted(String iface) {
        String said;
        synchronized (messages) {
            said = messages.stream().filter(m -> !m.isBlank()).reduce((a, b) -> b).orElse("no message").strip();
        }
        if (said.startsWith("(") && said.endsWith(")")) {
            said = said.substring(1, said.length() - 1);
        }
        String lower = said.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("permission") || lower.contains("operation not permitted")) {
            return "tcpdump may not capture here (" + said + "): run as root, or give it the capture right:"
                    + " setcap cap_net_raw,cap_net_admin=eip $(command -v tcpdump)";
        }
        if (lower.contains("syntax error") || lower.contains("can't parse filter") || lower.contains("expression")) {
            return "tcpdump refused the capture filter (" + said + "): check --tcpdump";
        }
        if (lower.contains("no such device") || lower.contains("doesn't exist")) {
            return "tcpdump has no interface " + iface + " (" + said + "): check --interface (tcpdump -D lists them)";
        }
        return "tcpdump did not start (" + said + ")";
    }

    @Override
    public void stop(String reason) {
        super.stop(reason);
        process.destroy(); // SIGTERM: tcpdump writes the packets it holds, then its stdout ends
    }

    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        runBeforeRead();
        int n = raw.read(b, off, len);
        if (n < 0) {
            super.stop("tcpdump-exited"); // unless the deadline or a stop ended it
            return -1;
        }
        bytes += n;
        copyToSave(b, off, n);
        return n;
    }

    /** What tcpdump said on stderr (its statistics come at its end: packets captured, dropped by the kernel). */
    public List<String> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
