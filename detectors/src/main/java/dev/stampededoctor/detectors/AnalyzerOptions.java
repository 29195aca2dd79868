package dev.stampededoctor.detectors;

/**
 * Bounds and knobs of an analysis. The bounds keep memory flat on any input: see
 * {@code docs/report-schema.md} for what happens when one is reached.
 *
 * @param maxLineBytes  longer lines are reported as malformed and skipped
 * @param maxBadLines   how many malformed lines the report quotes
 * @param maxKeys       distinct keys remembered
 * @param maxPatterns   distinct key patterns counted
 * @param topPatterns   patterns listed in the report, busiest first
 * @param minRebuilds   rebuilds in one episode that make it a stampede or herd (at least 2: one
 *                      rebuild is never a stampede)
 * @param minClusterKeys keys of one pattern expiring together that make a coordinated-expiry herd
 * @param replica       the capture comes from a replica, where the master's expiries arrive as DELs
 */
public record AnalyzerOptions(int maxLineBytes, int maxBadLines, int maxKeys, int maxPatterns, int topPatterns,
        int minRebuilds, int minClusterKeys, boolean replica) {

    public static final int DEFAULT_MAX_LINE_BYTES = 4 << 20;
    public static final int DEFAULT_MIN_REBUILDS = 3;
    public static final int DEFAULT_MIN_CLUSTER_KEYS = 20;

    public AnalyzerOptions {
        if (minRebuilds < 2) {
            throw new IllegalArgumentException("minRebuilds must be at least 2: one rebuild is never a stampede");
        }
        if (minClusterKeys < 2) {
            throw new IllegalArgumentException("minClusterKeys must be at least 2");
        }
    }

    public static AnalyzerOptions defaults() {
        return new AnalyzerOptions(DEFAULT_MAX_LINE_BYTES, 10, 4_000_000, 100_000, 50, DEFAULT_MIN_REBUILDS,
                DEFAULT_MIN_CLUSTER_KEYS, false);
    }

    public AnalyzerOptions withMaxLineBytes(int value) {
        return new AnalyzerOptions(value, maxBadLines, maxKeys, maxPatterns, topPatterns, minRebuilds, minClusterKeys, replica);
    }

    public AnalyzerOptions withMaxBadLines(int value) {
        return new AnalyzerOptions(maxLineBytes, value, maxKeys, maxPatterns, topPatterns, minRebuilds, minClusterKeys, replica);
    }

    public AnalyzerOptions withMaxKeys(int value) {
        return new AnalyzerOptions(maxLineBytes, maxBadLines, value, maxPatterns, topPatterns, minRebuilds, minClusterKeys, replica);
    }

    public AnalyzerOptions withTopPatterns(int value) {
        return new AnalyzerOptions(maxLineBytes, maxBadLines, maxKeys, maxPatterns, value, minRebuilds, minClusterKeys, replica);
    }

    public AnalyzerOptions withMinRebuilds(int value) {
        return new AnalyzerOptions(maxLineBytes, maxBadLines, maxKeys, maxPatterns, topPatterns, value, minClusterKeys, replica);
    }

    public AnalyzerOptions withReplica(boolean value) {
        return new AnalyzerOptions(maxLineBytes, maxBadLines, maxKeys, maxPatterns, topPatterns, minRebuilds, minClusterKeys,
                value);
    }

    public AnalyzerOptions withMinClusterKeys(int value) {
        return new AnalyzerOptions(maxLineBytes, maxBadLines, maxKeys, maxPatterns, topPatterns, minRebuilds, value, replica);
    }
}
