package dev.stampededoctor.cli.terminal;

import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.utils.Signals;

/**
 * Ctrl-C (SIGINT) and SIGTERM end a live attach the way its --duration does, instead of ending
 * the JVM: reading stops at the next line, the report is written, anything changed is put back,
 * and the exit code is the report's (0 or 1). A second signal exits at once with the shell's code
 * for it (130, 143), the shutdown hooks still putting back what they guard. Installed for as long
 * as the attach and its report run; {@link #close} puts the previous handlers back.
 */
public final class StopSignals implements AutoCloseable {
    private static final String[] NAMES = {"INT", "TERM"};
    private static final int[] CODES = {130, 143};

    private final Object[] previous = new Object[NAMES.length];
    private final AtomicBoolean signalled = new AtomicBoolean();

    private StopSignals(Runnable stop) {
        for (int i = 0; i < NAMES.length; i++) {
            int code = CODES[i];
            previous[i] = Signals.register(NAMES[i], () -> {
                if (signalled.compareAndSet(false, true)) {
                    stop.run();
                } else {
                    // Not on the signal thread: exit runs the shutdown hooks, which may wait on it.
                    new Thread(() -> System.exit(code), "second-signal").start();
                }
            });
        }
    }

    /** Handles INT and TERM by running {@code stop} (once; keep it quick, e.g. a flag). */
    public static StopSignals install(Runnable stop) {
        return new StopSignals(stop);
    }

    /** Whether a signal asked to stop. */
    public boolean signalled() {
        return signalled.get();
    }

    @Override
    public void close() {
        for (int i = 0; i < NAMES.length; i++) {
            if (previous[i] != null) {
                Signals.unregister(NAMES[i], previous[i]);
            }
        }
    }
}
