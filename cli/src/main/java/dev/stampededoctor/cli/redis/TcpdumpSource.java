package dev.stampededoctor.cli.redis;

import dev.stampededoctor.cli.ConnectionException;
import dev.stampededoctor.detectors.pcap.PcapTimeCut;
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
 * stopped at the deadline, on {@link #stop} and when the JVM exits; the stream then ends.
 *
 * <p>tcpdump runs without {@code --immediate-mode}: woken for every packet, it fell behind a
 * saturated Redis on two cores and the kernel dropped packets (164,381 of 1.4 M in 8 s, against
 * none in blocks). In blocks the kernel hands packets over at most {@link #BLOCK_MILLIS} after
 * the first of a block, and a block not yet handed over when tcpdump stops is lost: so a stop
 * takes effect for the stream at once (records stamped later are left out, {@link PcapTimeCut})
 * but tcpdump is told to end only when the block holding the last packets before it is out.
 */
public final class TcpdumpSource extends LiveSource {
    private static final long START_SECONDS = 10;
    /** libpcap's packet-buffer timeout as tcpdump sets it (1 s), and a margin. */
    static final long BLOCK_MILLIS = 1_200;
    /**
     * The longest a stop waits for the reading thread to reach the cut: a reader behind leaves
     * packets from before the stop in the kernel's buffer, which tcpdump drops when it ends.
     */
    private static final long CATCH_UP_MILLIS = 10_000;
    /** A reader that got no bytes for this long is waiting for them, not behind. */
    private static final long IDLE_NANOS = 100_000_000;
    /** After SIGTERM, how long tcpdump has to write what it holds and end before it is killed. */
    private static final long END_SECONDS = 5;

    private final Process process;
    private final InputStream raw;
    private final List<String> messages = new ArrayList<>();
    private final PcapTimeCut cut = new PcapTimeCut();
    private final Thread deadline;
    private Thread errors;
    private byte[] chunk = new byte[0];
    /** What the cut let through and the caller has not taken yet. */
    private byte[] pending = new byte[0];
    private int pendingOffset;
    private int pendingLength;
    private volatile boolean listening;
    /** The reading thread has met the first record after the cut: all before it are read. */
    private volatile boolean reachedCut;
    /** When the reading thread last got bytes from tcpdump ({@link System#nanoTime}). */
    private volatile long lastDataNanos = System.nanoTime();
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
        List<String> command = new ArrayList<>(List.of("tcpdump", "-i", iface, "-U", "-B", "32768", "-n", "-s", "0",
                "-w", "-", filter));
        if (SETSID.canExecute()) {
            // A session of its own: the terminal's Ctrl-C reaches this JVM, which ends the capture
            // in order (the last block first), not tcpdump, which would drop that block.
            command.add(0, SETSID.getPath());
        }
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new ConnectionException("cannot run tcpdump (" + e.getMessage() + "): install it (Debian, Ubuntu:"
                    + " apt-get install tcpdump) or use --source monitor", e);
        }
        // At once: in a session of its own, tcpdump no longer dies with the terminal, so a JVM that
        // ends while it starts (Ctrl-C) must end it.
        Thread stopAtExit = new Thread(p::destroy, "tcpdump-stop");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
        TcpdumpSource source = new TcpdumpSource(p, durationNanos, save);
        CountDownLatch listening = new CountDownLatch(1);
        Thread errors = new Thread(() -> source.readMessages(listening), "tcpdump-stderr");
        errors.setDaemon(true);
        source.errors = errors;
        errors.start();
        try {
            boolean started = listening.await(START_SECONDS, TimeUnit.SECONDS) && source.listening && p.isAlive();
            if (!started) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                errors.join(1_000);
                removeHook(stopAtExit);
                throw new ConnectionException(source.whyNotStarted(iface), null);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            removeHook(stopAtExit);
            Thread.currentThread().interrupt();
            throw new ConnectionException("interrupted while tcpdump started", e);
        }
        source.deadline.start();
        return source;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down: the hook runs, on a process already gone
        }
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
        synchronized (messages) {
            return TcpdumpStartFailure.describe(messages, iface);
        }
    }

    private static final java.io.File SETSID = new java.io.File("/usr/bin/setsid");

    /**
     * The stream ends here: records stamped after now are left out. tcpdump gets SIGTERM once the
     * kernel has handed over the block with the packets before now, through its process handle:
     * {@link Process#destroy} would also close our end of its stdout, under the reading thread.
     */
    @Override
    public void stop(String reason) {
        if (stopRequested()) {
            return;
        }
        super.stop(reason);
        java.time.Instant now = java.time.Instant.now();
        cut.cutAfter(now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000);
        Thread ender = new Thread(() -> {
            try {
                long start = System.nanoTime();
                boolean exited = process.waitFor(BLOCK_MILLIS, TimeUnit.MILLISECONDS);
                // Then while the reader is behind: still reading without a pause and not yet at the
                // cut. A reader waiting for bytes (a quiet server) has all tcpdump has.
                while (!exited && !reachedCut && System.nanoTime() - lastDataNanos < IDLE_NANOS
                        && System.nanoTime() - start < CATCH_UP_MILLIS * 1_000_000) {
                    exited = process.waitFor(50, TimeUnit.MILLISECONDS);
                }
                if (!exited) {
                    process.toHandle().destroy();
                    if (!process.waitFor(END_SECONDS, TimeUnit.SECONDS)) {
                        process.toHandle().destroyForcibly();
                    }
                }
            } catch (InterruptedException e) {
                process.toHandle().destroyForcibly();
            }
        }, "tcpdump-end");
        ender.setDaemon(true);
        ender.start();
    }

    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (pendingLength == 0) {
            if (cut.done()) {
                reachedCut = true;
                return drainAndEnd();
            }
            runBeforeRead();
            if (chunk.length < len) {
                chunk = new byte[len];
                pending = new byte[len + PcapTimeCut.HELD_BACK];
            }
            int n = raw.read(chunk, 0, len);
            lastDataNanos = System.nanoTime();
            if (n < 0) {
                super.stop("tcpdump-exited"); // unless the deadline or a stop ended it
                return -1;
            }
            // The cut may hand on a record header held back from the read before: up to
            // HELD_BACK bytes more than were read, given out at the next call.
            pendingLength = cut.filter(chunk, 0, n, pending, 0);
            pendingOffset = 0;
            bytes += pendingLength;
            copyToSave(pending, 0, pendingLength);
        }
        int given = Math.min(len, pendingLength);
        System.arraycopy(pending, pendingOffset, b, off, given);
        pendingOffset += given;
        pendingLength -= given;
        return given;
    }

    /** After the cut: what tcpdump still writes is read and dropped until it ends. */
    private int drainAndEnd() throws IOException {
        byte[] sink = chunk.length > 0 ? chunk : new byte[8192];
        while (raw.read(sink, 0, sink.length) >= 0) {
            runBeforeRead();
        }
        return -1;
    }

    /**
     * What tcpdump said on stderr (its statistics come at its end: packets captured, dropped by
     * the kernel); once it has ended, all of it.
     */
    public List<String> messages() {
        Thread reader = errors;
        if (reader != null && !process.isAlive()) {
            try {
                reader.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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
