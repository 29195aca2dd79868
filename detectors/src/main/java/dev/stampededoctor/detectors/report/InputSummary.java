package dev.stampededoctor.detectors.report;

import java.util.List;
import java.util.Map;

/**
 * What was read: per-file and total line counts, the first malformed lines, the time the capture
 * covers, and how often each command appeared (upper-cased names, most frequent first).
 *
 * @param nodes for a capture merged from several nodes' (by timestamp): each node with its files
 *              and time span; null (absent from JSON) otherwise
 * @param notes what limits the reading (the nodes' time ranges far apart: the merge trusts their
 *              clocks); absent from JSON when empty
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
        Map<String, Long> commands,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        List<InputNode> nodes,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
        List<String> notes) {

    public InputSummary(List<InputFile> files, long lines, long parsed, long ignored, long unparseable,
            List<BadLine> firstBadLines, TimeSpan timeSpan, long timestampsOutOfOrder, Map<String, Long> commands) {
        this(files, lines, parsed, ignored, unparseable, firstBadLines, timeSpan, timestampsOutOfOrder, commands, null,
                List.of());
    }
}
