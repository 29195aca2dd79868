package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.UsageException;
import dev.stampededoctor.detectors.AnalyzerOptions;
import picocli.CommandLine.Option;

/** The detection thresholds and bounds {@code analyze} and {@code scan} share. */
public final class DetectionOptions {
    @Option(names = "--top", paramLabel = "N", defaultValue = "50",
            description = "Key patterns listed in the report, busiest first (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--max-keys", paramLabel = "N", defaultValue = "4000000",
            description = "Distinct keys remembered; past it key counts are lower bounds (default: ${DEFAULT-VALUE}).")
    int maxKeys;

    @Option(names = "--min-rebuilds", paramLabel = "N", defaultValue = "3",
            description = "Rebuilds of one key in one miss episode that make a stampede or herd; at least 2"
                    + " (default: ${DEFAULT-VALUE}).")
    int minRebuilds;

    @Option(names = "--min-cluster-keys", paramLabel = "N", defaultValue = "20",
            description = "Keys of one pattern expiring together that make a coordinated-expiry herd"
                    + " (default: ${DEFAULT-VALUE}).")
    int minClusterKeys;

    /** The engine's options with these thresholds; throws {@link UsageException} on nonsense. */
    AnalyzerOptions apply(AnalyzerOptions base) {
        if (top < 0) {
            throw new UsageException("--top must not be negative");
        }
        if (maxKeys < 1) {
            throw new UsageException("--max-keys must be at least 1");
        }
        if (minRebuilds < 2) {
            throw new UsageException("--min-rebuilds must be at least 2: one rebuild is never a stampede");
        }
        if (minClusterKeys < 2) {
            throw new UsageException("--min-cluster-keys must be at least 2");
        }
        return base.withTopPatterns(top).withMaxKeys(maxKeys).withMinRebuilds(minRebuilds)
                .withMinClusterKeys(minClusterKeys);
    }
}
