package dev.stampededoctor.cli.terminal;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A single self-overwriting status line on stderr, redrawn twice a second by a daemon thread,
 * erased when closed. Used only when stderr is a terminal. The line is never wider than the
 * terminal's width less one column, cut with an ellipsis, so that a redraw never wraps (a wrapped
 * line cannot be overwritten with {@code \r}: every tick would leave a copy in scrollback).
 */
public final class ProgressLine implements AutoCloseable {
    private static final long PERIOD_MS = 500;

    private final PrintWriter err;
    private final Supplier<String> text;
    private final int width;
    private final boolean unicode;
    private final Thread thread;
    private volatile boolean running = true;

    /** A line showing {@code text}, asked for afresh at every redraw, as wide as stderr allows. */
    public ProgressLine(PrintWriter err, Supplier<String> text) {
        this(err, text, Terminals.stderrWidth(), Terminals.unicodeLocale(System.getenv()));
    }

    /**
     * A line showing {@code text} in a terminal of {@code width} columns (asked once, not per
     * redraw); {@code unicode} false cuts with "..." instead of "…".
     */
    public ProgressLine(PrintWriter err, Supplier<String> text, int width, boolean unicode) {
        this.err = err;
        this.text = text;
        this.width = width;
        this.unicode = unicode;
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

    /** {@link #ProgressLine(PrintWriter, String, LongSupplier, long)} for a terminal of {@code width} columns. */
    public ProgressLine(PrintWriter err, String label, LongSupplier done, long total, int width, boolean unicode) {
        this(err, bytesText(label, done, total, System.nanoTime()), width, unicode);
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

    /**
     * Things done out of a known total: a bar, percent, counts, rate and ETA, e.g.
     * {@code jitter apply ███░░ 45%  4,500 of 10,000 keys  500 keys/s  ETA 11 s}. Shown only when
     * stderr is a terminal; null otherwise (a try-with-resources accepts it).
     */
    public static ProgressLine counting(PrintWriter err, boolean show, String label, String unit, LongSupplier done,
            long total, boolean unicode) {
        if (!show) {
            return null;
        }
        long start = System.nanoTime();
        return new ProgressLine(err, () -> {
            long n = done.getAsLong();
            double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
            double rate = n / seconds;
            double fraction = total <= 0 ? 1 : (double) n / total;
            return String.format(Locale.ROOT, "%s %s %3.0f%%  %,d of %,d %s  %,.0f %s/s  ETA %.0f s", label,
                    bar(fraction, 20, unicode), fraction * 100, n, total, unit, rate, unit,
                    rate <= 0 ? 0 : Math.max(0, (total - n) / rate));
        }, dev.stampededoctor.cli.terminal.Terminals.stderrWidth(), unicode);
    }

    /** A bar of {@code width} cells, {@code fraction} of them full. */
    public static String bar(double fraction, int width) {
        return bar(fraction, width, true);
    }

    /** A bar of {@code width} cells, {@code fraction} of them full; {@code #} and {@code -} in ASCII. */
    public static String bar(double fraction, int width, boolean unicode) {
        int full = (int) Math.round(Math.max(0, Math.min(1, fraction)) * width);
        return (unicode ? "█" : "#").repeat(full) + (unicode ? "░" : "-").repeat(width - full);
    }

    /**
     * {@code text} on one line of at most {@code width - 1} columns: control characters become
     * spaces and a longer text is cut with "…" ("..." in ASCII).
     */
    public static String fit(String text, int width, boolean unicode) {
        String oneLine = text.replaceAll("[\\p{Cntrl}]", " ");
        int max = Math.max(1, width - 1);
        if (oneLine.codePointCount(0, oneLine.length()) <= max) {
            return oneLine;
        }
        String ellipsis = unicode ? "…" : "...";
        int keep = Math.max(0, max - ellipsis.length());
        return oneLine.substring(0, oneLine.offsetByCodePoints(0, keep)) + ellipsis;
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
        err.print("\r" + fit(text.get(), width, unicode) + "\033[K");
        err.flush();
    }

    /** Prints a line of its own above the progress line, which the next redraw puts back below it. */
    public synchronized void println(String line) {
        err.print("\r\033[K" + line + "\n");
        err.flush();
    }

    /** {@link #println} on {@code progress} when there is one, else plainly on {@code err}. */
    public static void println(ProgressLine progress, PrintWriter err, String line) {
        if (progress != null) {
            progress.println(line);
        } else {
            err.println(line);
            err.flush();
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        thread.interrupt();
        err.print("\r\033[K");
        err.flush();
    }
}
