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
 */
public record AnalyzerOptions(int maxLineBytes, int maxBadLines, int maxKeys, int maxPatterns, int topPatterns) {

    public static final int DEFAULT_MAX_LINE_BYTES = 4 << 20;

    public static AnalyzerOptions defaults() {
        return new AnalyzerOptions(DEFAULT_MAX_LINE_BYTES, 10, 4_000_000, 100_000, 50);
    }

    public AnalyzerOptions withMaxLineBytes(int value) {
        return new AnalyzerOptions(value, maxBadLines, maxKeys, maxPatterns, topPatterns);
    }

    public AnalyzerOptions withMaxBadLines(int value) {
        return new AnalyzerOptions(maxLineBytes, value, maxKeys, maxPatterns, topPatterns);
    }

    public AnalyzerOptions withMaxKeys(int value) {
        return new AnalyzerOptions(maxLineBytes, maxBadLines, value, maxPatterns, topPatterns);
    }

    public AnalyzerOptions withTopPatterns(int value) {
        return new AnalyzerOptions(maxLineBytes, maxBadLines, maxKeys, maxPatterns, value);
    }
}
