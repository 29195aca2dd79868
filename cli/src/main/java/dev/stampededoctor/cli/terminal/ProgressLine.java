package dev.stampededoctor.cli.terminal;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A single self-overwriting status line on stderr, redrawn twice a second by a daemon thread,
 * erased when closed. Used only when stderr is a terminal.
 */
public final class ProgressLine implements AutoCloseable {
    private static final long PERIOD_MS = 500;

    private final PrintWriter err;
    private final String label;
    private final LongSupplier done;
    private final long total;
    private final long startNanos = System.nanoTime();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param done  bytes processed so far
     * @param total bytes in all, or -1 when unknown (stdin)
     */
    public ProgressLine(PrintWriter err, String label, LongSupplier done, long total) {
        this.err = err;
        this.label = label;
        this.done = done;
        this.total = total;
        this.thread = new Thread(this::loop, "progress");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
            if (running) {
                draw();
            }
        }
    }

    private synchronized void draw() {
        long bytes = done.getAsLong();
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        double mbPerSecond = bytes / 1e6 / seconds;
        String text = total > 0
                ? String.format(Locale.ROOT, "%s: %3.0f%%  %,.0f of %,.0f MB  %,.0f MB/s  ETA %.0f s",
                        label, 100.0 * bytes / total, bytes / 1e6, total / 1e6, mbPerSecond,
                        Math.max(0, (total - bytes) / 1e6 / Math.max(mbPerSecond, 1e-3)))
                : String.format(Locale.ROOT, "%s: %,.0f MB  %,.0f MB/s", label, bytes / 1e6, mbPerSecond);
        err.print("\r" + text + "\033[K");
        err.flush();
    }

    @Override
    public synchronized void close() {
        running = false;
        thread.interrupt();
        err.print("\r\033[K");
        err.flush();
    }
}
