package dev.stampededoctor.cli;

import java.util.Locale;

/**
 * Loads {@link java.util.Formatter} and the root locale's number symbols, and links a first
 * lambda, on a daemon thread while the main thread builds picocli's model. A report's first
 * {@code String.format} of a number otherwise pays for the former on the main thread, in the
 * interpreter: about a tenth of {@code analyze}'s time on a small capture (the locale provider
 * and its resource bundles, loaded once per JVM); and the process's first lambda pays for the
 * lambda machinery (so this class is a thread, not a lambda handed to one).
 */
final class FormatterWarmUp extends Thread {
    private FormatterWarmUp() {
        super("formatter-warm-up");
        setDaemon(true);
    }

    /** Starts it; nothing waits for it, and a command that formats before it is done just shares the loading. */
    static void begin() {
        new FormatterWarmUp().start();
    }

    @Override
    public void run() {
        java.util.function.LongUnaryOperator twice = n -> n * 2;
        String.format(Locale.ROOT, "%,d %.1f %5.2f%% %s", twice.applyAsLong(6_172L), 0.5, 1.25, "x");
    }
}
