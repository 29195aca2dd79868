package dev.stampededoctor.detectors.source;

import dev.stampededoctor.detectors.monitor.LineVerdict;
import dev.stampededoctor.detectors.monitor.MonitorLine;
import dev.stampededoctor.detectors.monitor.MonitorLineParser;
import java.io.ByteArrayInputStream;
import java.util.List;

/**
 * The time an input covers, told cheaply, to decide whether several inputs were recorded at the
 * same time (on several nodes: merge them by timestamp) or one after another (a capture split in
 * hours: read them in order). The first timestamp comes from a bounded look at the input's first
 * bytes; the last from its last bytes when they can be read without reading the rest (a plain
 * MONITOR file), else the look gives a lower bound.
 *
 * @param first    the first command's timestamp (µs); {@link Long#MIN_VALUE} when the look found none
 * @param last     the last timestamp known (µs): the input's last command when {@code endKnown}, else
 *                 the last one in the look
 * @param endKnown whether {@code last} is the input's end
 */
public record CaptureSpan(long first, long last, boolean endKnown) {
    /** Bytes of an input's start looked at. */
    public static final int HEAD_BYTES = 256 << 10;
    /** Bytes of a plain file's end looked at for its last timestamp. */
    public static final int TAIL_BYTES = 64 << 10;
    /**
     * Inputs whose end is not known overlap when they start within this of each other: captures
     * made at the same time on several nodes start together, the parts of one capture split in
     * hours do not.
     */
    public static final long SAME_START_MICROS = 60_000_000;

    public static final CaptureSpan UNKNOWN = new CaptureSpan(Long.MIN_VALUE, Long.MIN_VALUE, false);

    public boolean known() {
        return first != Long.MIN_VALUE;
    }

    /**
     * The span of the commands in {@code head} (an input's first bytes, any format;
     * {@code whole} when they are all of it). Cut lines and packets at the end are no matter.
     */
    public static CaptureSpan ofHead(byte[] head, int length, boolean whole, java.util.function.IntPredicate serverPorts) {
        long[] seen = {Long.MIN_VALUE, Long.MIN_VALUE};
        try {
            new CaptureReader(Math.max(1024, length), serverPorts).read(new ByteArrayInputStream(head, 0, length), 0,
                    line -> {
                        if (seen[0] == Long.MIN_VALUE) {
                            seen[0] = line.timestampMicros();
                        }
                        seen[1] = Math.max(seen[1], line.timestampMicros());
                    });
        } catch (java.io.IOException | RuntimeException e) {
            // A look that cannot be read tells nothing more: the input is read in full later.
        }
        return seen[0] == Long.MIN_VALUE ? UNKNOWN : new CaptureSpan(seen[0], seen[1], whole);
    }

    /**
     * This span with the end read from {@code tail}, the last bytes of a MONITOR text input (its
     * first line is taken as cut; so is its last when it does not parse): the last command there.
     * Unchanged when the tail holds none.
     */
    public CaptureSpan withTail(byte[] tail, int length, boolean wholeInput) {
        if (!known()) {
            return this;
        }
        MonitorLineParser parser = new MonitorLineParser();
        MonitorLine line = new MonitorLine();
        int end = length;
        int limit = wholeInput ? -1 : indexOf(tail, 0, length);
        while (end > limit + 1) {
            int start = lastIndexOf(tail, end - 1, limit + 1) + 1;
            if (parser.parse(tail, start, end, line) == LineVerdict.COMMAND) {
                return new CaptureSpan(first, Math.max(last, line.timestampMicros()), true);
            }
            end = start - 1;
        }
        return this;
    }

    private static int indexOf(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return to;
    }

    /** The last newline before {@code from} (inclusive) and at or after {@code floor}; {@code floor - 1} when none. */
    private static int lastIndexOf(byte[] b, int from, int floor) {
        for (int i = from; i >= floor; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return floor - 1;
    }

    /** Whether the two inputs were recording at the same time (see {@link #SAME_START_MICROS}). */
    public boolean overlaps(CaptureSpan other) {
        if (!known() || !other.known()) {
            return false;
        }
        if (first <= other.last && other.first <= last) {
            return true;
        }
        return (!endKnown || !other.endKnown) && Math.abs(first - other.first) <= SAME_START_MICROS;
    }

    /** Whether any two of {@code spans} overlap. */
    public static boolean anyOverlap(List<CaptureSpan> spans) {
        for (int i = 0; i < spans.size(); i++) {
            for (int j = i + 1; j < spans.size(); j++) {
                if (spans.get(i).overlaps(spans.get(j))) {
                    return true;
                }
            }
        }
        return false;
    }
}
