package dev.stampededoctor.cli.watch;

import dev.stampededoctor.cli.postgres.ActivitySampler;
import dev.stampededoctor.cli.redis.LiveSource;
import dev.stampededoctor.detectors.CaptureAnalyzer;
import dev.stampededoctor.detectors.db.DbSample;
import dev.stampededoctor.detectors.report.LiveSummary;
import dev.stampededoctor.detectors.live.LiveSnapshot;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;

/**
 * The full-screen live view of a scan: the terminal in raw mode on its alternate screen, redrawn
 * in place each interval from snapshots of the analysis, answering keys, following resizes.
 * Snapshots are taken on the reading thread (through {@link LiveSource#beforeRead}); drawing
 * and keys run on a thread of their own. {@link #close} puts the terminal back as it was, once,
 * whichever way the watch ends.
 */
public final class WatchScreen implements AutoCloseable {
    private static final int TOP = 40;
    private static final long KEY_POLL_MILLIS = 50;

    private final Terminal terminal;
    private final Attributes saved;
    /** Cursor back to normal (undoing cursor_invisible), alternate screen left: worked out at the start, for a terminal already closed at the end. */
    private final String restore;
    private final Display display;
    private final LiveSource source;
    private final CaptureAnalyzer analyzer;
    private final Supplier<LiveSummary.InfoSample> info;
    private final ActivitySampler sampler;
    private final long intervalNanos;
    private final long endNanos;
    private final boolean unicode;
    private final FrameMaker frames;
    private final UiState ui = new UiState();
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean running = true;
    private volatile boolean resized;
    private volatile Timed latest;
    private volatile String snapshotFailure;
    private volatile String drawFailure;
    private long nextSnapshot;

    private record Timed(LiveSnapshot snapshot, long nanos) {
    }

    private WatchScreen(Terminal terminal, WatchFrame.Header header, String dbTarget, LiveSource source,
            CaptureAnalyzer analyzer, Supplier<LiveSummary.InfoSample> info, ActivitySampler sampler,
            long intervalNanos, long endNanos, boolean unicode) {
        this.terminal = terminal;
        this.source = source;
        this.analyzer = analyzer;
        this.info = info;
        this.sampler = sampler;
        this.intervalNanos = intervalNanos;
        this.endNanos = endNanos;
        this.unicode = unicode;
        this.frames = new FrameMaker(header, dbTarget);
        this.restore = sequence(terminal, Capability.cursor_normal) + sequence(terminal, Capability.exit_ca_mode);
        this.saved = terminal.enterRawMode();
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.cursor_invisible);
        terminal.flush();
        this.display = new Display(terminal, true);
        this.thread = new Thread(this::loop, "watch-screen");
        thread.setDaemon(true);
    }

    /**
     * Takes the terminal and starts drawing. {@code endNanos} is when --duration ends
     * ({@link System#nanoTime}); {@code info} gives the last INFO sample (of every node read, added
     * up), null before the first; {@code sampler} and {@code dbTarget} are null without --postgres.
     */
    public static WatchScreen open(WatchFrame.Header header, String dbTarget, LiveSource source,
            CaptureAnalyzer analyzer, Supplier<LiveSummary.InfoSample> info, ActivitySampler sampler,
            long intervalNanos, long endNanos, boolean unicode) throws IOException {
        Terminal terminal = TerminalBuilder.builder().system(true).provider("exec").nativeSignals(true).build();
        WatchScreen screen = new WatchScreen(terminal, header, dbTarget, source, analyzer, info, sampler,
                intervalNanos, endNanos, unicode);
        terminal.handle(Terminal.Signal.WINCH, s -> screen.resized = true);
        terminal.handle(Terminal.Signal.INT, s -> source.stop("interrupt"));
        source.beforeRead(screen::maybeSnapshot);
        screen.thread.start();
        return screen;
    }

    /** On the reading thread, between lines: a snapshot when the last is an interval old. */
    private void maybeSnapshot() {
        long now = System.nanoTime();
        if (now < nextSnapshot || !running) {
            return;
        }
        nextSnapshot = now + intervalNanos;
        try {
            latest = new Timed(analyzer.snapshot(TOP), now);
        } catch (RuntimeException e) {
            snapshotFailure = String.valueOf(e.getMessage());
        }
    }

    private void loop() {
        Timed drawn = null;
        WatchFrame frame = null;
        long lastDrawMicros = 0;
        long nextDraw = 0;
        KeyDecoder keys = new KeyDecoder(terminal.reader());
        try {
            while (running) {
                Key key = keys.next(KEY_POLL_MILLIS);
                boolean redraw = false;
                if (key != null) {
                    ui.press(key, MainView.visible(frame == null ? empty() : frame, ui).size());
                    if (ui.quit) {
                        source.stop("quit");
                        return;
                    }
                    redraw = true;
                }
                if (resized) {
                    resized = false;
                    display.clear();
                    redraw = true;
                }
                Timed now = latest;
                if (now != drawn) {
                    frames.add(now.snapshot(), now.nanos());
                    drawn = now;
                }
                if (System.nanoTime() >= nextDraw) {
                    DbSample busiest = null;
                    if (sampler != null) {
                        busiest = sampler.busiestSince(lastDrawMicros);
                        frames.addDbSample(busiest);
                    }
                    lastDrawMicros = System.currentTimeMillis() * 1000;
                    nextDraw = System.nanoTime() + intervalNanos;
                    if (!ui.paused || frame == null) {
                        frame = frames.frame(leftMillis(), info.get(), busiest,
                                sampler == null ? null : sampler.failure());
                    }
                    redraw = true;
                }
                if (redraw) {
                    try {
                        draw(frame == null ? empty() : frame);
                    } catch (RuntimeException e) {
                        // A bug in drawing must not end the capture: the report still comes.
                        if (drawFailure == null) {
                            drawFailure = e.toString();
                        }
                    }
                }
            }
        } catch (IOException e) {
            // The terminal went away (closed, hung up): the capture goes on to its end and reports.
        }
    }

    private WatchFrame empty() {
        return frames.frame(leftMillis(), null, null, null);
    }

    private long leftMillis() {
        return Math.max(0, (endNanos - System.nanoTime()) / 1_000_000);
    }

    private void draw(WatchFrame frame) {
        Size size = terminal.getSize();
        int cols = size.getColumns() > 0 ? size.getColumns() : 80;
        int rows = size.getRows() > 0 ? size.getRows() : 24;
        display.resize(rows, cols);
        // Display edits the list it is given.
        List<AttributedString> lines = new java.util.ArrayList<>(WatchLayout.lines(frame, ui, cols, rows, unicode));
        display.update(lines, -1);
        terminal.flush();
    }

    /** Why snapshots or drawing failed, if they did (the screen then shows the last good frame); else null. */
    public String failure() {
        return snapshotFailure != null ? "a snapshot failed: " + snapshotFailure
                : drawFailure != null ? "drawing failed: " + drawFailure : null;
    }

    /** Leaves the alternate screen, shows the cursor and puts the terminal's modes back; once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        running = false;
        source.beforeRead(() -> { });
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            terminal.flush();
        } catch (RuntimeException e) {
            // closed already (SIGTERM: jline's own shutdown hook): the sequences below still go out
        }
        // Straight to stdout rather than through jline's writer, which its shutdown hook may have
        // closed when the JVM is going (SIGTERM): the screen is left either way.
        System.out.print(restore);
        System.out.flush();
        try {
            terminal.setAttributes(saved);
            terminal.close();
        } catch (IOException | RuntimeException e) {
            // a terminal already closed put its modes back itself
        }
    }

    private static String sequence(Terminal terminal, Capability capability) {
        String s = terminal.getStringCapability(capability);
        if (s == null) {
            return "";
        }
        java.io.StringWriter out = new java.io.StringWriter();
        org.jline.utils.Curses.tputs(out, s);
        return out.toString();
    }
}
