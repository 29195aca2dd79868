package dev.stampededoctor.detectors.monitor;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One parsed MONITOR line. A single instance is reused for every line of a capture so the hot
 * loop allocates nothing: its contents are valid only until the next line is parsed.
 *
 * <p>Arguments are seen decoded (escapes turned back into the bytes the client sent): as slices
 * of the raw line buffer when the line has no escapes, else of one scratch array holding the
 * decoded copies. The source is a slice of the raw line buffer.
 *
 * <p>A packet capture fills its lines without text ({@link #setCommand}): its arguments are the
 * bytes the client sent and its source the client's name, and the MONITOR line is written only
 * if something asks for it (the few lines a report quotes), by the {@link LineText} given.
 */
public final class MonitorLine {
    long timestampMicros;
    int db;
    SourceKind sourceKind;
    byte[] raw;
    /** The buffer of the source slice: {@link #raw} for a parsed line, the client's name for a packet's. */
    byte[] sourceBytes;
    /** Writes this line's text when first asked for; null when it has its text. */
    private LineText unwritten;
    int sourceOffset;
    int sourceLength;
    byte[] scratch = new byte[256];
    /** Where the arguments are: the raw line buffer, or {@link #scratch} when any needed decoding. */
    byte[] args = scratch;
    int[] argOffsets = new int[16];
    int[] argLengths = new int[16];
    int argCount;
    long lineNumber;
    int input;
    /** Per argument, a {@code ReplyKind} ordinal, when {@link #hasReplies}: the source showed the reply. */
    byte[] replies = new byte[16];
    boolean hasReplies;
    long replyLatencyMicros = -1;
    /** The whole line in {@link #raw}, without its line end. */
    int lineStart;
    int lineEnd;

    /** Microseconds since the epoch, as the server stamped the line. */
    public long timestampMicros() {
        return timestampMicros;
    }

    /** The database the command ran in. */
    public int db() {
        return db;
    }

    public SourceKind sourceKind() {
        return sourceKind;
    }

    /** The buffer holding the source slice; see {@link #sourceOffset()}. */
    public byte[] sourceBuffer() {
        return sourceBytes;
    }

    public int sourceOffset() {
        return sourceOffset;
    }

    public int sourceLength() {
        return sourceLength;
    }

    /** The source as text, e.g. {@code 127.0.0.1:50312}, {@code unix:/run/redis.sock}, {@code lua}. */
    public String source() {
        return new String(sourceBytes, sourceOffset, sourceLength, StandardCharsets.ISO_8859_1);
    }

    /** 1-based line number in the current input. */
    public long lineNumber() {
        return lineNumber;
    }

    /** Where the next line comes from: the input's index (0 first) and the line's 1-based number in it. */
    public void position(int input, long lineNumber) {
        this.input = input;
        this.lineNumber = lineNumber;
    }

    /** The index of the input this line came from (0 first): see {@link #position}. */
    public int input() {
        return input;
    }

    /**
     * Makes this line a copy of {@code other} that owns its bytes, so that it stays valid after
     * {@code other}'s buffers are reused: the whole line, the decoded arguments, the position and
     * the reply. Allocates only when this line's buffers are too small (or much too large: a copy
     * of one huge line does not keep its buffer for the small ones after it).
     */
    public void copyFrom(MonitorLine other) {
        other.writeText();
        unwritten = null;
        int lineLength = other.lineEnd - other.lineStart;
        byte[] ownLine = owned == null || owned.length < lineLength || owned.length > SHRINK_ABOVE && lineLength < SHRINK_ABOVE / 4
                ? new byte[Math.max(64, lineLength)] : owned;
        owned = ownLine;
        System.arraycopy(other.raw, other.lineStart, ownLine, 0, lineLength);
        raw = ownLine;
        sourceBytes = ownLine;
        lineStart = 0;
        lineEnd = lineLength;
        timestampMicros = other.timestampMicros;
        db = other.db;
        sourceKind = other.sourceKind;
        sourceOffset = other.sourceLength == 0 ? 0 : other.sourceOffset - other.lineStart;
        sourceLength = other.sourceLength;
        argCount = other.argCount;
        if (argOffsets.length < argCount) {
            argOffsets = new int[other.argOffsets.length];
            argLengths = new int[other.argLengths.length];
        }
        if (other.args == other.raw) {
            args = ownLine;
            for (int i = 0; i < argCount; i++) {
                argOffsets[i] = other.argOffsets[i] - other.lineStart;
                argLengths[i] = other.argLengths[i];
            }
        } else {
            int used = 0;
            for (int i = 0; i < argCount; i++) {
                used = Math.max(used, other.argOffsets[i] + other.argLengths[i]);
            }
            if (scratch.length < used || scratch.length > SHRINK_ABOVE && used < SHRINK_ABOVE / 4) {
                scratch = new byte[Math.max(256, used)];
            }
            System.arraycopy(other.args, 0, scratch, 0, used);
            args = scratch;
            System.arraycopy(other.argOffsets, 0, argOffsets, 0, argCount);
            System.arraycopy(other.argLengths, 0, argLengths, 0, argCount);
        }
        input = other.input;
        lineNumber = other.lineNumber;
        hasReplies = other.hasReplies;
        replyLatencyMicros = other.replyLatencyMicros;
        if (other.hasReplies) {
            if (replies.length < other.replies.length) {
                replies = new byte[other.replies.length];
            }
            System.arraycopy(other.replies, 0, replies, 0, other.replies.length);
            java.util.Arrays.fill(replies, other.replies.length, replies.length, (byte) 0);
        }
    }

    /** A copy's own line buffer ({@link #copyFrom}); null for a line the parser fills. */
    private byte[] owned;
    /** Buffers of a copy larger than this are given up for a much smaller line. */
    private static final int SHRINK_ABOVE = 64 << 10;

    /** The input index and line number in one long ({@code input << 40 | lineNumber}): see {@link #position}. */
    public long lineId() {
        return (long) input << 40 | lineNumber;
    }

    /** The input index of a {@link #lineId()}. */
    public static int inputOf(long lineId) {
        return (int) (lineId >>> 40);
    }

    /** The line number of a {@link #lineId()}. */
    public static long numberOf(long lineId) {
        return lineId & ((1L << 40) - 1);
    }

    /** The buffer holding the whole line; see {@link #lineStart()}. */
    public byte[] lineBuffer() {
        writeText();
        return raw;
    }

    public int lineStart() {
        writeText();
        return lineStart;
    }

    /** The line's length, without its line end. */
    public int lineLength() {
        writeText();
        return lineEnd - lineStart;
    }

    /** Writes a packet line's MONITOR text, for {@link #setCommand}. */
    @FunctionalInterface
    public interface LineText {
        /** Calls {@link #setText} on {@code line} with the text of the command it holds. */
        void write(MonitorLine line);
    }

    /**
     * Fills this line with a command seen on the wire, without its text: run at
     * {@code timestampMicros} in {@code db} by the client named {@code source} ({@code ip:port}),
     * its {@code count} arguments the slices {@code offsets}/{@code lengths} of {@code args} (kept,
     * not copied: valid as long as this line is). {@code text} writes the line's text if asked
     * for. No reply until {@link #setReply}. A command with no argument is no command: false.
     */
    public boolean setCommand(long timestampMicros, int db, byte[] source, byte[] args, int[] offsets, int[] lengths,
            int count, LineText text) {
        if (count == 0) {
            return false;
        }
        this.timestampMicros = timestampMicros;
        this.db = db;
        this.sourceBytes = source;
        this.sourceOffset = 0;
        this.sourceLength = source.length;
        this.sourceKind = MonitorLineParser.classify(source, 0, source.length);
        if (argOffsets.length < count) {
            argOffsets = new int[Math.max(count, argOffsets.length * 2)];
            argLengths = new int[argOffsets.length];
        }
        System.arraycopy(offsets, 0, argOffsets, 0, count);
        System.arraycopy(lengths, 0, argLengths, 0, count);
        this.args = args;
        this.argCount = count;
        this.hasReplies = false;
        this.raw = null;
        this.unwritten = text;
        return true;
    }

    /**
     * The text of a line filled by {@link #setCommand}: {@code buf[start, end)}, its source the
     * slice at {@code sourceOffset} (of the same length as the one it had).
     */
    public void setText(byte[] buf, int start, int end, int sourceOffset) {
        this.raw = buf;
        this.lineStart = start;
        this.lineEnd = end;
        this.sourceBytes = buf;
        this.sourceOffset = sourceOffset;
        this.unwritten = null;
    }

    /** The parser's: the text it reads is this line's. */
    void clearUnwritten() {
        unwritten = null;
    }

    private void writeText() {
        if (unwritten != null) {
            LineText text = unwritten;
            unwritten = null;
            text.write(this);
        }
    }

    /** Whether the source showed this command's reply (a packet capture does, MONITOR never). */
    public boolean hasReply() {
        return hasReplies;
    }

    /**
     * What the reply said of argument {@code i} (a key the command read): a {@code ReplyKind}
     * ordinal, 0 ({@code NONE}) when the source shows no replies or the reply says nothing of it.
     */
    public int reply(int i) {
        return hasReplies && i < argCount ? replies[i] : 0;
    }

    /** Microseconds from the request to its reply; -1 when no reply was seen. */
    public long replyLatencyMicros() {
        return hasReplies ? replyLatencyMicros : -1;
    }

    /** Attaches a reply to the line just parsed: {@code kinds[i]} for argument {@code i}. */
    public void setReply(byte[] kinds, long latencyMicros) {
        if (replies.length < kinds.length) {
            replies = new byte[kinds.length];
        }
        System.arraycopy(kinds, 0, replies, 0, kinds.length);
        java.util.Arrays.fill(replies, kinds.length, replies.length, (byte) 0);
        hasReplies = true;
        replyLatencyMicros = latencyMicros;
    }

    /** Number of arguments including the command name. */
    public int argCount() {
        return argCount;
    }

    /** The array holding every decoded argument; slice it with {@link #argOffset} and {@link #argLength}. */
    public byte[] argBuffer() {
        return args;
    }

    public int argOffset(int i) {
        return argOffsets[i];
    }

    public int argLength(int i) {
        return argLengths[i];
    }

    /** A copy of one decoded argument. Allocates: not for the hot path. */
    public byte[] arg(int i) {
        return Arrays.copyOfRange(args, argOffsets[i], argOffsets[i] + argLengths[i]);
    }

    /** True when argument {@code i} equals {@code upperAscii} ignoring ASCII case. */
    public boolean argEqualsIgnoreCase(int i, byte[] upperAscii) {
        int len = argLengths[i];
        if (len != upperAscii.length) {
            return false;
        }
        int off = argOffsets[i];
        for (int k = 0; k < len; k++) {
            int b = args[off + k];
            if (b >= 'a' && b <= 'z') {
                b -= 32;
            }
            if (b != upperAscii[k]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses argument {@code i} as a signed decimal integer the way Redis does (no spaces, no
     * plus sign). Returns {@link Long#MIN_VALUE} when it is not one.
     */
    public long argAsLong(int i) {
        int len = argLengths[i];
        int off = argOffsets[i];
        if (len == 0 || len > 20) {
            return Long.MIN_VALUE;
        }
        boolean negative = args[off] == '-';
        int k = negative ? 1 : 0;
        if (k == len) {
            return Long.MIN_VALUE;
        }
        long value = 0;
        for (; k < len; k++) {
            int d = args[off + k] - '0';
            if (d < 0 || d > 9) {
                return Long.MIN_VALUE;
            }
            if (value > (Long.MAX_VALUE - d) / 10) {
                return Long.MIN_VALUE;
            }
            value = value * 10 + d;
        }
        return negative ? -value : value;
    }
}
