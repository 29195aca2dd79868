package dev.stampededoctor.detectors.report;

import java.util.List;
import java.util.Map;

/**
 * What was read: per-file and total line counts, the first malformed lines, the time the capture
 * covers, and how often each command appeared (upper-cased names, most frequent first).
 */
public record InputSummary(
        List<InputFile> files,
        long lines,
        long parsed,
        long ignored,
        long unparseable,
        List<BadLine> firstBadLines,
        TimeSpan timeSpan,
        long timestampsOutOfOrder,
        Map<String, Long> commands) {
}
