package dev.stampededoctor.cli.terminal;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A single self-overwriting status line on stderr, redrawn twice a second by a daemon thread,
 * erased when closed. Used only when stderr is a terminal.
 */
public final class ProgressLine implements AutoCloseable {
    private static final long PERIOD_MS = 500;

    private final PrintWriter err;
    private final Supplier<String> text;
    private final Thread thread;
    private volatile boolean running = true;

    /** A line showing {@code text}, asked for afresh at every redraw. */
    public ProgressLine(PrintWriter err, Supplier<String> text) {
        this.err = err;
        this.text = text;
        this.thread = new Thread(this::loop, "progress");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Bytes read: percent, MB, MB/s and ETA.
     *
     * @param done  bytes processed so far
     * @param total bytes in all, or -1 when unknown (stdin)
     */
    public ProgressLine(PrintWriter err, String label, LongSupplier done, long total) {
        this(err, bytesText(label, done, total, System.nanoTime()));
    }

    private static Supplier<String> bytesText(String label, LongSupplier done, long total, long startNanos) {
        return () -> {
            long bytes = done.getAsLong();
            double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
            double mbPerSecond = bytes / 1e6 / seconds;
            return total > 0
                    ? String.format(Locale.ROOT, "%s: %3.0f%%  %,.0f of %,.0f MB  %,.0f MB/s  ETA %.0f s",
                            label, 100.0 * bytes / total, bytes / 1e6, total / 1e6, mbPerSecond,
                            Math.max(0, (total - bytes) / 1e6 / Math.max(mbPerSecond, 1e-3)))
                    : String.format(Locale.ROOT, "%s: %,.0f MB  %,.0f MB/s", label, bytes / 1e6, mbPerSecond);
        };
    }

    /** A bar of {@code width} cells, {@code fraction} of them full. */
    public static String bar(double fraction, int width) {
        int full = (int) Math.round(Math.max(0, Math.min(1, fraction)) * width);
        return "█".repeat(full) + "░".repeat(width - full);
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
        err.print("\r" + text.get() + "\033[K");
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
