package dev.stampededoctor.cli.command;

import dev.stampededoctor.cli.UsageException;
import dev.stampededoctor.detectors.AnalyzerOptions;
import picocli.CommandLine.Option;

/** The detection thresholds and bounds {@code analyze} and {@code scan} share. */
public final class DetectionOptions {
    @Option(names = "--top", paramLabel = "N", defaultValue = "50",
            description = "Key patterns listed in the report, busiest first (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--max-keys", paramLabel = "N",
            description = "Distinct keys remembered; past it key counts are lower bounds (default: as many as 40%% of"
                    + " the heap holds at about 128 bytes a key, at most 4000000; -Xmx256m gives about 830000).")
    Integer maxKeys;

    /** A key the analysis tracks costs about this much heap (measured: 115 bytes with a TTL, docs/report-schema.md). */
    static final long BYTES_PER_KEY = 128;
    static final int MAX_DEFAULT_KEYS = 4_000_000;

    /** --max-keys, or the default that the heap can hold: a default run never dies of a heap it sized itself. */
    int maxKeys() {
        return maxKeys != null ? maxKeys : defaultMaxKeys(Runtime.getRuntime().maxMemory());
    }

    static int defaultMaxKeys(long maxHeapBytes) {
        return (int) Math.max(100_000, Math.min(MAX_DEFAULT_KEYS, maxHeapBytes * 4 / 10 / BYTES_PER_KEY));
    }

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
        if (maxKeys() < 1) {
            throw new UsageException("--max-keys must be at least 1");
        }
        if (minRebuilds < 2) {
            throw new UsageException("--min-rebuilds must be at least 2: one rebuild is never a stampede");
        }
        if (minClusterKeys < 2) {
            throw new UsageException("--min-cluster-keys must be at least 2");
        }
        return base.withTopPatterns(top).withMaxKeys(maxKeys()).withMinRebuilds(minRebuilds)
                .withMinClusterKeys(minClusterKeys);
    }
}
