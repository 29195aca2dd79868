package dev.stampededoctor.cli;

import java.util.Locale;

/**
 * Loads {@link java.util.Formatter} and the root locale's number symbols on a daemon thread while
 * the main thread builds picocli's model. A report's first {@code String.format} of a number
 * otherwise pays for both on the main thread, in the interpreter: about a tenth of {@code analyze}'s
 * time on a small capture (the locale provider and its resource bundles, loaded once per JVM).
 */
final class FormatterWarmUp {
    private FormatterWarmUp() {
    }

    /** Starts it; nothing waits for it, and a command that formats before it is done just shares the loading. */
    static void start() {
        Thread thread = new Thread(FormatterWarmUp::run, "formatter-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run() {
        String.format(Locale.ROOT, "%,d %.1f %5.2f%% %s", 12_345L, 0.5, 1.25, "x");
    }
}
