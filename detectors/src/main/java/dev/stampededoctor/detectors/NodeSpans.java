package dev.stampededoctor.detectors;

import dev.stampededoctor.detectors.report.InputFile;
import dev.stampededoctor.detectors.report.InputNode;
import dev.stampededoctor.detectors.report.TimeSpan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The nodes of a capture recorded on several: each node's files and time span, and a note when
 * their time ranges lie far apart, since a merge by timestamp is only as true as the nodes' clocks.
 */
final class NodeSpans {
    /** Nodes whose captures start (or end) further apart than this get a note. */
    static final long SKEW_NOTE_MICROS = 1_000_000;

    /** One input's counts. */
    interface Span {
        long firstMicros();

        long lastMicros();

        long parsed();
    }

    private NodeSpans() {
    }

    /** The nodes, in the order of their first input; null when no input names a node. */
    static List<InputNode> of(List<InputFile> files, List<String> inputNodes, List<? extends Span> spans) {
        Map<String, long[]> figures = new LinkedHashMap<>();
        Map<String, List<String>> names = new LinkedHashMap<>();
        for (int i = 0; i < files.size() && i < spans.size(); i++) {
            String node = i < inputNodes.size() ? inputNodes.get(i) : null;
            if (node == null) {
                continue;
            }
            Span s = spans.get(i);
            long[] f = figures.computeIfAbsent(node, n -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0});
            f[0] = Math.min(f[0], s.firstMicros());
            f[1] = Math.max(f[1], s.lastMicros());
            f[2] += s.parsed();
            names.computeIfAbsent(node, n -> new ArrayList<>()).add(files.get(i).name());
        }
        if (figures.isEmpty()) {
            return null;
        }
        List<InputNode> out = new ArrayList<>();
        figures.forEach((node, f) -> out.add(new InputNode(node, List.copyOf(names.get(node)), f[2],
                f[2] == 0 ? null : TimeSpan.ofMicros(f[0], f[1]))));
        return List.copyOf(out);
    }

    /** Notes on the nodes: their captures start or end more than {@link #SKEW_NOTE_MICROS} apart. */
    static List<String> notes(List<InputNode> nodes) {
        if (nodes == null || nodes.size() < 2) {
            return List.of();
        }
        InputNode earliest = null;
        InputNode latest = null;
        InputNode firstEnd = null;
        InputNode lastEnd = null;
        for (InputNode n : nodes) {
            if (n.timeSpan() == null) {
                continue;
            }
            if (earliest == null || n.timeSpan().first().compareTo(earliest.timeSpan().first()) < 0) {
                earliest = n;
            }
            if (latest == null || n.timeSpan().first().compareTo(latest.timeSpan().first()) > 0) {
                latest = n;
            }
            if (firstEnd == null || n.timeSpan().last().compareTo(firstEnd.timeSpan().last()) < 0) {
                firstEnd = n;
            }
            if (lastEnd == null || n.timeSpan().last().compareTo(lastEnd.timeSpan().last()) > 0) {
                lastEnd = n;
            }
        }
        if (earliest == null) {
            return List.of();
        }
        double startGap = seconds(earliest.timeSpan().first(), latest.timeSpan().first());
        double endGap = seconds(firstEnd.timeSpan().last(), lastEnd.timeSpan().last());
        if (startGap * 1e6 <= SKEW_NOTE_MICROS && endGap * 1e6 <= SKEW_NOTE_MICROS) {
            return List.of();
        }
        String gap = startGap * 1e6 > SKEW_NOTE_MICROS
                ? String.format(Locale.ROOT, "start %.3f s apart (%s at %s, %s at %s)", startGap, earliest.node(),
                        earliest.timeSpan().first(), latest.node(), latest.timeSpan().first())
                : String.format(Locale.ROOT, "end %.3f s apart (%s at %s, %s at %s)", endGap, firstEnd.node(),
                        firstEnd.timeSpan().last(), lastEnd.node(), lastEnd.timeSpan().last());
        return List.of("the nodes' captures " + gap + ": the merge orders their lines by timestamp, which assumes"
                + " the nodes' clocks agree; a capture started or stopped later only covers less, but a clock that"
                + " is off shifts that node's events against the others'");
    }

    private static double seconds(String fromIso, String toIso) {
        return java.time.Duration.between(java.time.Instant.parse(fromIso), java.time.Instant.parse(toIso)).toNanos() / 1e9;
    }
}
