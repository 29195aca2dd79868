package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.UsageException;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How {@code jitter apply} and {@code jitter undo} write: confirmation, pace, batch size, guard tolerance. */
public final class JitterWriteOptions {
    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Option(names = "--rate", paramLabel = "KEYS_PER_S", defaultValue = "1000",
            description = "TTL changes per second at most (default: ${DEFAULT-VALUE}).")
    long rate;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "100",
            description = "Keys per pipelined batch; apply journals each batch before sending it"
                    + " (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--tolerance", paramLabel = "DURATION", defaultValue = "250ms", converter = DurationConverter.class,
            description = "How far a key's TTL may be from the one expected and still count as unchanged"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration tolerance;

    void validate() {
        if (rate < 1 || batch < 1 || batch > 10_000) {
            throw new UsageException("--rate must be at least 1 and --batch between 1 and 10000");
        }
    }

    /** Returns when the user agreed (or gave --yes); see {@link Confirmation}. */
    void confirm(String what, PrintWriter err) {
        Confirmation.require(yes, what, err);
    }
}
